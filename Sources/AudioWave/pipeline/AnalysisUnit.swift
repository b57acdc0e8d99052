import AudioWaveDSP
import AudioWaveReport
import StageEngine

/// One analysis, declared in one place: the frame features it reads, its estimate on the excerpt (and
/// whether that estimate's confidence gates the early exit), its own stage handlers, its report section
/// and what it adds to `config_hash`.
///
/// ``AudioStages`` runs the shared work once for every requested unit — decoding, the loudness meter,
/// the frame features in the scope the units need together — and hands each unit its turn. Adding an
/// analysis is a unit, its state field and report section, and its line in ``AnalysisUnits``.
protocol AnalysisUnit: Sendable {
    /// The analysis that turns the unit on (`--only`, ``AnalysisConfiguration/analyses``).
    var analysis: Analysis { get }
    /// The frame features the unit reads; nil when it reads none.
    var featureNeeds: FeatureScope? { get }
    /// Whether the unit needs the EBU R128 meter on the decoded blocks.
    var measuresLoudness: Bool { get }
    /// Whether the unit's excerpt confidence gates the early exit.
    var gatesEarlyExit: Bool { get }
    /// Whether the unit needs the excerpt decoded (it is decoded only when a requested unit does; a unit
    /// that does not still gets its turn on an excerpt decoded for another, for the early-exit report).
    var readsExcerpt: Bool { get }
    /// The unit's estimate on the excerpt (not called for a silent excerpt).
    /// - Returns: the confidence the early-exit gate reads (a missing estimate counts 0), or nil when
    ///   the unit does not gate the early exit.
    func analyzeExcerpt(_ input: ExcerptInput, into excerpt: inout ExcerptAnalysis) -> Double?
    /// The unit's own stage handlers (full-track estimates, summaries).
    var handlers: [AudioStages.Handler] { get }
    /// The confidence of the unit's best estimate (full track, else excerpt), for the quality score;
    /// nil when it has none.
    func confidence(_ state: TrackState) -> Double?
    /// Disagreements between the unit's excerpt and full-track estimates, for post-processing.
    func warnings(_ state: TrackState) -> [String]
    /// Writes the unit's section of the report.
    func report(_ state: TrackState, context: ReportContext, into content: inout ReportContent)
    /// The settings that change the unit's results, by `config_hash` key.
    var resultShaping: [String: any Encodable & Sendable] { get }
}

extension AnalysisUnit {
    var featureNeeds: FeatureScope? { nil }
    var measuresLoudness: Bool { false }
    var gatesEarlyExit: Bool { false }
    var readsExcerpt: Bool { gatesEarlyExit }
    func analyzeExcerpt(_ input: ExcerptInput, into excerpt: inout ExcerptAnalysis) -> Double? { nil }
    var handlers: [AudioStages.Handler] { [] }
    func confidence(_ state: TrackState) -> Double? { nil }
    func warnings(_ state: TrackState) -> [String] { [] }
    var resultShaping: [String: any Encodable & Sendable] { [:] }
}

/// What a unit's excerpt estimate reads: the decoded excerpt and its frame features.
struct ExcerptInput: Sendable {
    /// Mono samples at the analysis rate.
    var samples: [Float]
    /// The analysis rate, Hz.
    var sampleRate: Int
    /// Frame features in the scope the requested units need together; nil when none needs any.
    var features: SummarizedFeatures?
    /// Where the excerpt starts in the file, seconds.
    var startSeconds: Double
    /// The excerpt is the whole file.
    var coversWholeFile: Bool
    /// The extractor that made ``features``, for units that read the samples again.
    var extractor: FeatureExtractor
}

/// What every unit's report section may depend on besides its own results.
struct ReportContext: Sendable {
    /// The file (or the excerpt that is the whole file) is silent: estimates are not reported.
    var isSilent: Bool
    /// The unit's analysis was requested.
    var isRequested: Bool
    /// Some analysis stage ran (an excerpt or the feature pass), so a missing estimate means "none found".
    var wasAnalyzed: Bool
}
