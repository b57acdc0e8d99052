import AudioWaveAnalysis
import AudioWaveBatch
import AudioWaveDSP
import AudioWaveIO
import AudioWaveReport
import StageEngine

/// What the audio stages learn about one item, committed stage by stage by the engine.
struct TrackState: Sendable {
    /// Header facts (preparation).
    var properties: AudioProperties?
    /// Size and modification time on disk, for resume (preparation).
    var source: SourceFacts?
    /// The fast analysis of an excerpt (initial analysis).
    var excerpt: ExcerptAnalysis?
    /// Full-track features: summaries plus the onset envelope, chroma and RMS per frame that tempo and
    /// key need; released by aggregation (feature extraction).
    var features: SummarizedFeatures?
    /// Full-track levels (feature extraction).
    var levels: LevelStatistics?
    /// Full-track loudness on the original channels at the native rate (feature extraction).
    var loudness: Loudness?
    /// Full-track counts that tell audio from decoder garbage (feature extraction).
    var census: SampleCensus?
    /// The centred excerpt's samples, kept by the full pass when no excerpt pass decoded them (feature
    /// extraction); released by aggregation.
    var excerptSamples: CapturedSpan?
    /// Descriptors of ``excerptSamples`` (aggregation); with an excerpt pass they are in ``excerpt``.
    var descriptors: DescriptorsReport?
    /// The decoder's verdict when the stream ended before the header's length, with the audio it did hand
    /// over: the full-track results then cover the file up to the cut (feature extraction).
    var cutShort: CutShort?
    /// Full-track tempo and beats (deep analysis).
    var tempo: TempoEstimate?
    /// Full-track key (deep analysis).
    var key: KeyEstimate?
    /// Why the full-track key is nil, when the key was estimated and found none (deep analysis).
    var keyUnavailable: KeyUnavailableReason?
    /// Full-track feature summaries (aggregation).
    var summaries: FeatureSummaries?
    /// Remarks from the consistency checks (post-processing).
    var warnings: [String] = []
    /// The overall quality, 0...1 (post-processing).
    var quality: Double?
    /// The report's analysis sections (finalization).
    var content: ReportContent?

    /// Whether a stage after the excerpt produced full-track results (the feature pass, or a full-track
    /// estimate): the report's scope is then `full`.
    var hasFullTrackEstimates: Bool {
        features != nil || summaries != nil || tempo != nil || key != nil || keyUnavailable != nil
    }

    /// Drops the samples and per-frame arrays (megabytes per file) once they have served; what is
    /// left is the size of a report.
    mutating func releaseBulk() {
        features = nil
        excerptSamples = nil
        excerpt?.wholeFileSamples = nil
        excerpt?.wholeFileFeatures = nil
    }
}

/// A file that ended early: the decoder's `.truncated` error, the seconds of audio decoded before the cut and
/// the stage whose decoding found it.
struct CutShort: Sendable {
    var error: AudioError
    var decodedSeconds: Double
    var stage: Stage = .featureExtraction
}
