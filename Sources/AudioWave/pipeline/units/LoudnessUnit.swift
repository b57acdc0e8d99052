import AudioWaveDSP
import AudioWaveReport

/// Integrated loudness, loudness range and true peak (EBU R128), measured on the original channels at
/// the native rate by the decoding passes themselves: the whole-file feature pass, or, when the quality
/// gate ends a file after its excerpt, a loudness-only pass over the whole file in the same handler
/// (``AudioStages``); the excerpt's own figures only with ``AnalysisConfiguration/loudnessFromExcerpt``.
/// No frame features, no handler.
struct LoudnessUnit: AnalysisUnit {
    let fromExcerpt: Bool
    var analysis: Analysis { .loudness }
    var measuresLoudness: Bool { true }
    /// Only the opt-in changes results (so default configurations keep their hash).
    var resultShaping: [String: any Encodable & Sendable] { fromExcerpt ? ["loudness_from_excerpt": true] : [:] }

    func report(_ state: TrackState, context: ReportContext, into content: inout ReportContent) {
        guard context.isRequested else { return }
        let whole = state.loudness ?? (state.excerpt?.coversWholeFile == true ? state.excerpt?.loudness : nil)
        guard let loudness = whole ?? (fromExcerpt ? state.excerpt?.loudness : nil) else { return }
        content.loudness = LoudnessReport(
            integratedLUFS: loudness.integratedLUFS, rangeLU: loudness.loudnessRangeLU,
            truePeakDBTP: loudness.truePeakDBTP, scope: whole != nil ? .full : .excerpt)
    }
}
