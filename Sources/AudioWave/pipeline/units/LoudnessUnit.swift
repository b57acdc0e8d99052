import AudioWaveDSP
import AudioWaveReport

/// Integrated loudness, loudness range and true peak (EBU R128), measured on the original channels at
/// the native rate by the decoding pass itself (excerpt or whole file): no frame features, no handler.
struct LoudnessUnit: AnalysisUnit {
    var analysis: Analysis { .loudness }
    var measuresLoudness: Bool { true }

    func report(_ state: TrackState, context: ReportContext, into content: inout ReportContent) {
        guard context.isRequested, let loudness = state.loudness ?? state.excerpt?.loudness else { return }
        content.loudness = LoudnessReport(
            integratedLUFS: loudness.integratedLUFS, rangeLU: loudness.loudnessRangeLU,
            truePeakDBTP: loudness.truePeakDBTP)
    }
}
