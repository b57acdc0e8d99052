import AudioWaveAnalysis
import AudioWaveBatch
import AudioWaveDSP
import AudioWaveIO
import AudioWaveReport
import StageEngine

/// The analysis sections of a report, built from an item's state: the best results it has,
/// full-track where the deep stages ran, the excerpt's otherwise.
struct ReportContent: Sendable {
    var file: FileReport?
    var source: SourceFacts?
    var isSilent = false
    var silenceReason: String?
    var tempo: TempoReport?
    var tempoUnavailableReason: String?
    var key: KeyReport?
    var keyUnavailableReason: String?
    var loudness: LoudnessReport?
    var features: FeatureReport?
    var descriptors: DescriptorsReport?
    var scope: AnalysisScope = .full
    var quality: Double?
    var warnings: [String] = []
    /// A measurement was physically impossible, or made on decoder garbage, and was left out
    /// (``Plausibility``): the report is then `partial`, its warnings say what.
    var keptOut = false

    /// - Parameters:
    ///   - state: what the stages committed.
    ///   - units: every analysis unit; each writes its own section.
    ///   - analyses: the analyses requested; the others get null sections ("not requested" for tempo and key).
    init(state: TrackState, units: [any AnalysisUnit], analyses: Set<Analysis>) {
        if let properties = state.properties {
            file = FileReport(
                format: properties.container, encoding: properties.encodingCode, sampleRate: properties.sampleRate,
                channels: properties.channelCount, durationSeconds: properties.durationSeconds,
                decoder: properties.decoder?.rawValue)
        }
        source = state.source
        let excerpt = state.excerpt
        scope = state.hasFullTrackEstimates || excerpt?.coversWholeFile == true || excerpt == nil ? .full : .excerpt

        let levels = state.levels ?? excerpt.flatMap { $0.coversWholeFile || state.features == nil ? $0.levels : nil }
        if let levels, levels.isSilent, state.levels != nil || excerpt?.coversWholeFile == true {
            isSilent = true
            silenceReason =
                levels.peak < 0.001
                ? "peak below -60 dBFS"
                : "\(Int((levels.silenceRatio * 100).rounded()))% of the signal is below -60 dBFS"
        }
        let wasAnalyzed = state.excerpt != nil || state.features != nil || state.summaries != nil
        for unit in units {
            let context = ReportContext(
                isSilent: isSilent, isRequested: analyses.contains(unit.analysis), wasAnalyzed: wasAnalyzed)
            unit.report(state, context: context, into: &self)
        }
        quality = state.quality ?? excerpt?.confidence
        warnings = state.warnings
        if let note = state.properties?.headerNote { warnings.append(note) }
        if let cut = state.cutShort {
            // Here, not in post-processing, which an early exit skips.
            // The promise is said only where a header makes one (an Ogg stream's length is where its pages end).
            let promised = state.properties.flatMap {
                $0.declaredDurationSeconds > cut.decodedSeconds + 0.05
                    ? String(format: " of the %.1f s its header promises", $0.declaredDurationSeconds) : nil
            }
            warnings.append(
                String(format: "the file is cut short: the results cover the %.1f s decoded", cut.decodedSeconds)
                    + (promised ?? "") + " (\(cut.error.reason))")
        }
        let census = state.census ?? excerpt?.census
        if let census, census.singleChannelFrames > 0, let properties = state.properties {
            warnings.append(
                String(
                    format: "the channels cancel when mixed to mono (one is polarity-inverted) in %.1f s of the file: "
                        + "those parts were analysed from the loudest channel",
                    Double(census.singleChannelFrames) / Double(max(1, properties.sampleRate))))
        }
        Plausibility.review(&self, census: census, channelCount: state.properties?.channelCount, analyses: analyses)
    }
}
