import AudioWaveAnalysis
import AudioWaveBatch
import AudioWaveDSP
import AudioWaveIO
import AudioWaveReport
import StageEngine

/// The initial analysis of an excerpt: enough for a report when it is confident.
struct ExcerptAnalysis: Sendable {
    /// The span decoded, in seconds of the file.
    var span: Excerpt
    /// Whether the excerpt is the whole file (its results are then full-track results).
    var coversWholeFile: Bool
    /// The excerpt's samples, kept only when they are the whole file (feature extraction reuses them).
    var wholeFileSamples: [Float]?
    var levels: LevelStatistics
    var loudness: Loudness?
    /// Counts over the excerpt's samples that tell audio from decoder garbage.
    var census: SampleCensus?
    var tempo: TempoEstimate?
    var key: KeyEstimate?
    /// Why ``key`` is nil, when the key was estimated and found none.
    var keyUnavailable: KeyUnavailableReason?
    var summaries: FeatureSummaries?
    /// Rhythm and dynamics descriptors of the excerpt's samples.
    var descriptors: DescriptorsReport?
    /// Features, kept only when the excerpt is the whole file.
    var wholeFileFeatures: SummarizedFeatures?

    /// The least confident of the requested estimates (tempo, key); 0 when one is missing or the
    /// excerpt is silent.
    var confidence: Double = 0
    /// The analyses whose excerpt estimate reached the quality threshold on a file longer than the excerpt:
    /// the full pass skips their work and the report keeps their excerpt estimate (`scope: excerpt`).
    var settled: Set<Analysis> = []
}
