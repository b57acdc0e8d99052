/// The record written for every input file: one JSON object per line in `--jsonl`, one file per
/// input under `--out`. Its JSON shape is `docs/report.schema.json` (draft 2020-12).
///
/// Keys are snake_case; `tempo`, `key`, `loudness`, `features`, `early_exit` and `error` (and
/// the other optional fields) are always present, as JSON `null` when absent, so consumers
/// never need to distinguish a missing key from a null one.
public struct AnalysisReport: Sendable, Codable, Hashable {
    /// The version of this record's layout. Bumped on any incompatible change.
    public static let currentSchemaVersion = 1

    /// Layout version, ``currentSchemaVersion`` when written by this build.
    public var schemaVersion: Int
    /// AudioWave version that wrote the record (`AudioWaveVersion.analyzer`).
    public var analyzerVersion: String
    /// Path of the file relative to the root it was found under, `/`-separated. The key for
    /// resume, sharding and merge; always relative.
    public var relativePath: String
    /// Absolute path of the file, only when the user asked for it (`--absolute-paths`): reports
    /// get shared and paths leak. Otherwise nil.
    public var absolutePath: String?
    /// Overall outcome.
    public var status: ReportStatus
    /// True when the file is silent or near-silent (then tempo and key are nil with a reason).
    public var isSilent: Bool
    /// Why the file counts as silent (e.g. `"peak below -60 dBFS"`), nil when not silent.
    public var silenceReason: String?
    /// Decoded stream facts, nil when the file could not be probed.
    public var file: FileReport?
    /// On-disk facts for resume, nil when the file could not be stat'ed.
    public var source: SourceFacts?
    /// Tempo and beats, nil when unavailable (see ``tempoUnavailableReason``).
    public var tempo: TempoReport?
    /// Why ``tempo`` is nil (`"silent"`, `"too short"`, …); nil when tempo is present.
    public var tempoUnavailableReason: String?
    /// Musical key, nil when unavailable (see ``keyUnavailableReason``).
    public var key: KeyReport?
    /// Why ``key`` is nil; nil when the key is present.
    public var keyUnavailableReason: String?
    /// EBU R 128 loudness, nil when not measured.
    public var loudness: LoudnessReport?
    /// Spectral feature summaries, nil when not computed.
    public var features: FeatureReport?
    /// Rhythm and dynamics descriptors of the initial analysis's span; nil when not computed (and in
    /// records written before 0.4.0).
    public var descriptors: DescriptorsReport?
    /// Whether results come from the full file or the excerpt.
    public var analysisScope: AnalysisScope
    /// Overall quality score, 0...1, from post-processing; nil when the item failed before it.
    public var quality: Double?
    /// Set when the quality gate ended the item early.
    public var earlyExit: EarlyExitReport?
    /// What post-processing's consistency checks found (the excerpt's tempo or key disagreeing with the
    /// full track's, a beat after the end); empty when nothing, nil in records written before 0.4.0.
    public var warnings: [String]?
    /// Every stage in pipeline order with its outcome.
    public var stages: [StageReport]
    /// Why the item failed or is partial; nil when `ok`.
    public var error: ReportError?
    /// When the analysis finished, UTC (``ReportTimestamp``: `2026-12-02T11:25:03.123Z`); `merge` keeps the newest
    /// record of a file. Nil in records written before the field existed and in records built by hand.
    public var analyzedAt: String?
    /// Hex hash of the analysis configuration (``ConfigHash``), for resume.
    public var configHash: String
    /// The analyses the run computed (`--only`), in the order tempo, key, loudness, features, descriptors; a section
    /// of an analysis not listed is null because it was not requested. Nil in records of files that
    /// failed before analysis and in records written before 0.2.0.
    public var analyses: [Analysis]?
    /// What `--write-tags` (`TagWriter`) wrote into the file's own tags, or would write (`--dry-run`), or why
    /// nothing; nil when tags were not asked for (and in records written before the field existed).
    public var tags: TagsReport?

    /// Creates a report. Only the identifying fields are required; the rest default to absent.
    public init(
        schemaVersion: Int = AnalysisReport.currentSchemaVersion,
        analyzerVersion: String = AudioWaveVersion.analyzer,
        relativePath: String,
        absolutePath: String? = nil,
        status: ReportStatus,
        isSilent: Bool = false,
        silenceReason: String? = nil,
        file: FileReport? = nil,
        source: SourceFacts? = nil,
        tempo: TempoReport? = nil,
        tempoUnavailableReason: String? = nil,
        key: KeyReport? = nil,
        keyUnavailableReason: String? = nil,
        loudness: LoudnessReport? = nil,
        features: FeatureReport? = nil,
        descriptors: DescriptorsReport? = nil,
        analysisScope: AnalysisScope = .full,
        quality: Double? = nil,
        earlyExit: EarlyExitReport? = nil,
        warnings: [String]? = nil,
        stages: [StageReport] = [],
        error: ReportError? = nil,
        analyzedAt: String? = nil,
        configHash: String,
        analyses: [Analysis]? = nil,
        tags: TagsReport? = nil
    ) {
        self.schemaVersion = schemaVersion
        self.analyzerVersion = analyzerVersion
        self.relativePath = relativePath
        self.absolutePath = absolutePath
        self.status = status
        self.isSilent = isSilent
        self.silenceReason = silenceReason
        self.file = file
        self.source = source
        self.tempo = tempo
        self.tempoUnavailableReason = tempoUnavailableReason
        self.key = key
        self.keyUnavailableReason = keyUnavailableReason
        self.loudness = loudness
        self.features = features
        self.descriptors = descriptors
        self.analysisScope = analysisScope
        self.quality = quality
        self.earlyExit = earlyExit
        self.warnings = warnings
        self.stages = stages
        self.error = error
        self.analyzedAt = analyzedAt
        self.configHash = configHash
        self.analyses = analyses
        self.tags = tags
    }

    /// Makes the record of a file that could not be analysed at all.
    ///
    /// - Parameters:
    ///   - relativePath: The file's path relative to its root.
    ///   - error: Why it failed.
    ///   - configHash: The run's configuration hash.
    ///   - source: On-disk facts if the file could be stat'ed.
    ///   - stages: Stage lines run before the failure, if any.
    ///   - analyzedAt: When the failure was found (``ReportTimestamp``), if known.
    /// - Returns: A `failed` report with no results.
    public static func makeFailed(
        relativePath: String, error: ReportError, configHash: String,
        source: SourceFacts? = nil, stages: [StageReport] = [], analyzedAt: String? = nil
    ) -> AnalysisReport {
        AnalysisReport(
            relativePath: relativePath, status: .failed, source: source, stages: stages,
            error: error, analyzedAt: analyzedAt, configHash: configHash)
    }

    enum CodingKeys: String, CodingKey {
        case schemaVersion = "schema_version"
        case analyzerVersion = "analyzer_version"
        case relativePath = "relative_path"
        case absolutePath = "absolute_path"
        case status
        case isSilent = "silent"
        case silenceReason = "silence_reason"
        case file, source, tempo
        case tempoUnavailableReason = "tempo_unavailable_reason"
        case key
        case keyUnavailableReason = "key_unavailable_reason"
        case loudness, features, descriptors
        case analysisScope = "analysis_scope"
        case quality
        case earlyExit = "early_exit"
        case warnings
        case stages, error
        case analyzedAt = "analyzed_at"
        case configHash = "config_hash"
        case analyses
        case tags
    }

    /// Encodes every key; absent optionals are written as explicit JSON `null`, never omitted.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(schemaVersion, forKey: .schemaVersion)
        try container.encode(analyzerVersion, forKey: .analyzerVersion)
        try container.encode(relativePath, forKey: .relativePath)
        try container.encode(absolutePath, forKey: .absolutePath)
        try container.encode(status, forKey: .status)
        try container.encode(isSilent, forKey: .isSilent)
        try container.encode(silenceReason, forKey: .silenceReason)
        try container.encode(file, forKey: .file)
        try container.encode(source, forKey: .source)
        try container.encode(tempo, forKey: .tempo)
        try container.encode(tempoUnavailableReason, forKey: .tempoUnavailableReason)
        try container.encode(key, forKey: .key)
        try container.encode(keyUnavailableReason, forKey: .keyUnavailableReason)
        try container.encode(loudness, forKey: .loudness)
        try container.encode(features, forKey: .features)
        try container.encode(descriptors, forKey: .descriptors)
        try container.encode(analysisScope, forKey: .analysisScope)
        try container.encode(quality, forKey: .quality)
        try container.encode(earlyExit, forKey: .earlyExit)
        try container.encode(warnings, forKey: .warnings)
        try container.encode(stages, forKey: .stages)
        try container.encode(error, forKey: .error)
        try container.encode(analyzedAt, forKey: .analyzedAt)
        try container.encode(configHash, forKey: .configHash)
        try container.encode(analyses, forKey: .analyses)
        try container.encode(tags, forKey: .tags)
    }
}
