import AudioWaveAnalysis
import AudioWaveBatch
import AudioWaveDSP
import AudioWaveIO
import AudioWaveReport
import Foundation
import StageEngine

extension AudioError: FailureClassifying {
    /// A file that failed to decode fails the same way again: never retried.
    public var isPermanent: Bool { true }
    /// The error's snake_case code, carried into the engine's `ItemError.code`.
    public var failureCode: String? { code.rawValue }
    /// A bad file is the input's fault, except a resampler failure, which is ours; a cancelled decode
    /// is nobody's (it must not open a breaker either).
    public var isInputError: Bool { code != .resamplingFailed && code != .invalidRequest }
}

/// The seven audio stages: what each one computes from the state the earlier ones committed.
///
/// | stage | handler(s) | work |
/// | --- | --- | --- |
/// | preparation | `probe` | header facts, validation, size and mtime |
/// | initialAnalysis | `excerpt`, `descriptors` on it | decode the middle excerpt, levels, the onset and chroma features, tempo and key; quality = min of the confidences (loudness and feature summaries too when the file ends here or the excerpt is the file); not run when the quality gate is off and the file is longer than the excerpt |
/// | featureExtraction | `features` | stream the whole file (with loudness): levels, feature summaries, onset envelope, chroma; the excerpt's samples when no excerpt pass ran |
/// | deepAnalysis | `tempo`, `key` (in parallel; ``TempoUnit``, ``KeyUnit``) | full-track tempo with beats; full-track key |
/// | aggregation | `summaries` (``FeaturesUnit``), `descriptors` (``DescriptorsUnit``) | per-feature summaries committed; per-frame arrays released; descriptors of the excerpt the full pass kept |
/// | postProcessing | `consistency` | cross-checks, overall quality |
/// | finalization | `report` | the report's analysis sections |
///
/// The analysis-specific work lives in the units (``AnalysisUnit``); these stages do the shared work once.
/// Only the requested ``Analysis`` kinds are computed: without loudness no R128 meter runs, without
/// features the extraction keeps to the onset envelope and chroma (``FeatureScope/onsetAndChroma``), and
/// without tempo and key there is no excerpt (nothing to be confident about) and no STFT unless the
/// features need it.
struct AudioStages: Sendable {
    let configuration: AnalysisConfiguration
    let extractor: FeatureExtractor
    /// Every unit; only the requested ones run (``requested``).
    let units: [any AnalysisUnit]

    init(configuration: AnalysisConfiguration) throws {
        self.configuration = configuration
        self.extractor = try FeatureExtractor(configuration: configuration.features)
        self.units = AnalysisUnits.all(configuration: configuration)
    }

    typealias Handler = StageHandler<AnalysisItem, TrackState>
    typealias Outcome = StageOutcome<TrackState>

    /// The units whose analysis was requested.
    var requested: [any AnalysisUnit] { units.filter { configuration.analyses.contains($0.analysis) } }

    /// What the feature extraction computes: everything when a requested unit reports features, only the
    /// onset envelope and/or chroma when tempo or key alone need them, nothing when no unit does.
    var featureScope: FeatureScope? { featureScope(excluding: []) }

    /// What an excerpt shorter than the file computes: the frame features its gating estimates (tempo, key)
    /// read, nothing for the reported summaries, which are completed only when the file ends on the excerpt.
    var excerptFeatureScope: FeatureScope? {
        FeatureScope.covering(requested.filter(\.gatesEarlyExit).compactMap(\.featureNeeds))
    }

    /// ``featureScope`` for the units that still have work: those in `settled` ended on the excerpt.
    func featureScope(excluding settled: Set<Analysis>) -> FeatureScope? {
        FeatureScope.covering(requested.filter { !settled.contains($0.analysis) }.compactMap(\.featureNeeds))
    }

    /// Every handler, one list for the engine to register: the shared stages' and each unit's (a unit
    /// that was not requested keeps its handlers, which then change nothing, so every report lists the
    /// same stages).
    var handlers: [Handler] {
        let shared = [
            Handler(name: "probe", stage: .preparation) { context in try prepare(context.input) },
            Handler(name: "excerpt", stage: .initialAnalysis) { context in
                try await offPool { flag in try analyzeExcerpt(context.input, state: context.state, flag: flag) }
            },
            Handler(name: "features", stage: .featureExtraction) { context in
                try await offPool { flag in try extractFeatures(context.input, state: context.state, flag: flag) }
            },
            Handler(name: "consistency", stage: .postProcessing) { context in postProcess(context.state) },
            Handler(name: "report", stage: .finalization) { context in
                let content = ReportContent(state: context.state, units: units, analyses: configuration.analyses)
                return Outcome(quality: content.quality) { state in
                    state.content = content
                    state.releaseBulk()  // an early exit skips aggregation: nothing heavy outlives the item
                }
            },
        ]
        let perUnit = units.flatMap { unit in
            let isRequested = configuration.analyses.contains(unit.analysis)
            return unit.handlers.map { handler in
                isRequested
                    ? handler
                    : Handler(name: handler.name, stage: handler.stage, priority: handler.priority) { _ in .unchanged }
            }
        }
        return (shared + perUnit).sorted { $0.stage < $1.stage }
    }

    // MARK: - preparation

    func prepare(_ item: AnalysisItem) throws -> Outcome {
        switch item.source {
        case .file(let path):
            let properties = try AudioDecoder.probe(path: path, acceptingCut: true)
            let source = try? SourceFacts.current(atPath: path)
            return Outcome(note: "\(properties.container) \(properties.sampleRate) Hz \(properties.channelCount) ch") {
                $0.properties = properties
                $0.source = source
            }
        case .samples(let samples, let sampleRate):
            let properties = try InMemoryAudio.validate(samples, sampleRate: sampleRate, name: item.relativePath)
            return Outcome { $0.properties = properties }
        }
    }

    // MARK: - initial analysis

    func analyzeExcerpt(_ item: AnalysisItem, state: TrackState, flag: CancellationFlag) throws -> Outcome {
        guard let properties = state.properties else { throw StageFailure("no probe result", isPermanent: true) }
        guard requested.contains(where: \.readsExcerpt) else {
            return Outcome(note: "no excerpt: no requested analysis reads one") { _ in }
        }
        let span = excerptSpan(properties)
        let coversWholeFile = span.durationSeconds >= properties.durationSeconds - 1e-6
        // With the quality gate off nothing can end on an excerpt shorter than the file, so it is not decoded
        // twice: the full pass keeps its samples for what reads it (``excerptCapture(_:)``).
        guard coversWholeFile || configuration.engine.isQualityGateEnabled else {
            return Outcome(note: "no excerpt pass: the quality gate is off; the full pass keeps the excerpt") { _ in }
        }
        // An excerpt that is not the whole file measures only what can be reported from it: its loudness only
        // with `--loudness excerpt` (an early exit otherwise measures the whole file's), and its frame features
        // only in the scope the gating estimates read (the reported summaries follow if the file ends here).
        let decoded: Decoded
        do {
            decoded = try decode(
                item, excerpt: coversWholeFile ? nil : span, properties: properties,
                measuresLoudness: coversWholeFile || configuration.loudnessFromExcerpt, flag: flag)
        } catch let error as AudioError where error.code == .truncated && !coversWholeFile {
            return Self.excerptPastTheEnd(error)
        }
        if let cut = decoded.cutShort, !coversWholeFile { return Self.excerptPastTheEnd(cut.error) }
        let levels = LevelStatistics(samples: decoded.samples, sampleRate: decoded.sampleRate)
        var analysis = ExcerptAnalysis(
            span: span, coversWholeFile: coversWholeFile, levels: levels, loudness: decoded.loudness,
            census: decoded.census)
        var quality: Double?
        if levels.isSilent {
            quality = coversWholeFile ? 1 : nil  // a silent whole file needs nothing more
        } else {
            let scope = coversWholeFile ? featureScope : excerptFeatureScope
            let features = scope.map { extractor.summarizedFeatures(samples: decoded.samples, scope: $0) }
            let input = ExcerptInput(
                samples: decoded.samples, sampleRate: decoded.sampleRate, features: features,
                startSeconds: span.startSeconds, coversWholeFile: coversWholeFile, extractor: extractor)
            // The least confident of the gating estimates; a missing one counts 0.
            let confidences = requested.compactMap { unit in
                unit.analyzeExcerpt(input, into: &analysis).map { (analysis: unit.analysis, confidence: $0) }
            }
            if coversWholeFile { analysis.wholeFileFeatures = features }
            analysis.confidence = confidences.map(\.confidence).min() ?? 0
            quality = confidences.isEmpty ? nil : analysis.confidence
            // Each analysis ends on its own: one confident on the excerpt keeps that estimate, and the full
            // pass does only the others' work (all of them settled is the engine's quality gate).
            if !coversWholeFile, configuration.engine.isQualityGateEnabled {
                analysis.settled = Set(
                    confidences.filter { $0.confidence >= configuration.engine.qualityThreshold }.map(\.analysis))
            }
        }
        if coversWholeFile { analysis.wholeFileSamples = decoded.samples }
        let endsHere =
            !coversWholeFile && configuration.engine.isQualityGateEnabled
            && (quality ?? 0) >= configuration.engine.qualityThreshold
        if endsHere, analysis.summaries == nil, featureScope == .all {
            // The report's feature summaries come from the excerpt when the file ends on it.
            analysis.summaries = extractor.summarizedFeatures(samples: decoded.samples, scope: .all).summaries
        }
        var note = String(
            format: "excerpt %.1f-%.1f s, confidence %.2f", span.startSeconds,
            span.startSeconds + span.durationSeconds, analysis.confidence)
        if !analysis.settled.isEmpty {
            note += "; settled on the excerpt: " + analysis.settled.map(\.rawValue).sorted().joined(separator: ", ")
        }
        // The quality gate will end this file here: its loudness must still be the whole file's.
        var whole: (loudness: Loudness?, census: SampleCensus, cutShort: CutShort?)?
        if endsHere, !configuration.loudnessFromExcerpt, requested.contains(where: \.measuresLoudness) {
            whole = try measureWholeLoudness(item, properties: properties, flag: flag)
            note += "; whole-file loudness pass"
        }
        var cutShort = whole?.cutShort ?? decoded.cutShort
        cutShort?.stage = .initialAnalysis
        return Outcome(quality: quality, note: note) { [analysis, whole, cutShort] in
            $0.excerpt = analysis
            $0.cutShort = cutShort
            if let whole {
                $0.loudness = whole.loudness
                $0.census = whole.census
            }
        }
    }

    /// The file ends before its excerpt does: nothing can end on the excerpt, and the full pass measures all
    /// the file holds (and reports the cut).
    private static func excerptPastTheEnd(_ cut: AudioError) -> Outcome {
        Outcome(note: "no excerpt: the file ends before its excerpt does (\(cut.reason))") { _ in }
    }

    /// Decodes the whole file at its native rate for the loudness meter and the sample census only (no
    /// resampling, no frames): what an early exit after the excerpt still owes the report.
    private func measureWholeLoudness(
        _ item: AnalysisItem, properties: AudioProperties, flag: CancellationFlag
    ) throws -> (loudness: Loudness?, census: SampleCensus, cutShort: CutShort?) {
        guard case .file(let path) = item.source else {
            let decoded = try decode(item, excerpt: nil, properties: properties, flag: flag)
            return (decoded.loudness, decoded.census, nil)
        }
        var native = nativeMeasures(properties)
        let cutShort = try streamAllowingCut(
            path: path, options: DecodingOptions(sampleRate: nil), outputRate: properties.sampleRate,
            measuring: &native, flag: flag
        ) { _ in }
        return (native.loudness, native.census, cutShort)
    }

    // MARK: - feature extraction

    func extractFeatures(_ item: AnalysisItem, state: TrackState, flag: CancellationFlag) throws -> Outcome {
        guard let properties = state.properties else { throw StageFailure("no probe result", isPermanent: true) }
        if let excerpt = state.excerpt, excerpt.coversWholeFile, let samples = excerpt.wholeFileSamples {
            let features =
                excerpt.wholeFileFeatures
                ?? featureScope.map { extractor.summarizedFeatures(samples: samples, scope: $0) }
            return Outcome(note: "reused the whole-file excerpt") {
                $0.levels = excerpt.levels
                $0.loudness = excerpt.loudness
                $0.census = excerpt.census
                $0.features = features
            }
        }
        let (levels, loudness, census, features, excerptSamples, cutShort) = try streamFeatures(
            item, state: state, properties: properties, flag: flag)
        return Outcome(note: cutShort.map { "cut short: \($0.error.reason)" }) {
            $0.levels = levels
            $0.loudness = loudness
            $0.census = census
            $0.features = features
            $0.excerptSamples = excerptSamples
            $0.cutShort = cutShort
        }
    }

    /// Decodes the whole file block by block into the feature stream, the level meter, the loudness
    /// meter and the sample census at once, so the file's samples are never all in memory.
    private func streamFeatures(
        _ item: AnalysisItem, state: TrackState, properties: AudioProperties, flag: CancellationFlag
    ) throws -> (LevelStatistics, Loudness?, SampleCensus, SummarizedFeatures?, CapturedSpan?, CutShort?) {
        let scope = featureScope(excluding: state.excerpt?.settled ?? [])
        guard case .file(let path) = item.source else {
            let decoded = try decode(item, excerpt: nil, properties: properties, flag: flag)
            var capture = excerptCapture(state)
            capture?.add(decoded.samples)
            return (
                LevelStatistics(samples: decoded.samples, sampleRate: decoded.sampleRate), decoded.loudness,
                decoded.census, scope.map { extractor.summarizedFeatures(samples: decoded.samples, scope: $0) },
                capture?.captured, nil
            )
        }
        var native = nativeMeasures(properties)
        let stream = scope.map { SummaryFeatureStream(extractor: extractor, scope: $0) }
        var levels = LevelMeter(sampleRate: configuration.sampleRate)
        var capture = excerptCapture(state)
        let cutShort = try streamAllowingCut(
            path: path, options: DecodingOptions(sampleRate: configuration.sampleRate),
            outputRate: configuration.sampleRate, measuring: &native, flag: flag
        ) { block in
            levels.add(block)
            stream?.add(samples: block)
            capture?.add(block)
        }
        return (levels.result(), native.loudness, native.census, stream?.finish(), capture?.captured, cutShort)
    }

    /// The centred excerpt of a file with these properties (the whole file when it is no longer). A file short
    /// enough to be a loop is its own excerpt whatever `--excerpt-seconds` says, so that its tempo can be read
    /// looped from its samples (``LoopTempo``).
    private func excerptSpan(_ properties: AudioProperties) -> Excerpt {
        let seconds =
            properties.durationSeconds < LoopTempo.maximumSeconds
            ? max(configuration.excerptSeconds, properties.durationSeconds) : configuration.excerptSeconds
        return Excerpt.centered(durationSeconds: seconds, inFileOf: properties.durationSeconds)
    }

    /// A capture of the centred excerpt for the full pass when no excerpt pass decoded it and a requested
    /// unit reads it (the descriptors); nil otherwise.
    private func excerptCapture(_ state: TrackState) -> SpanCapture? {
        guard state.excerpt == nil, let properties = state.properties,
            requested.contains(where: \.readsExcerpt)
        else { return nil }
        return SpanCapture(span: excerptSpan(properties), sampleRate: configuration.sampleRate)
    }

    /// The native-rate measures of a decoding pass: a loudness meter when loudness is requested (nil also
    /// when the meter refuses the layout: loudness is then reported as null) and the sample census.
    private func nativeMeasures(_ properties: AudioProperties) -> NativeMeasures {
        NativeMeasures(properties: properties, measuresLoudness: requested.contains(where: \.measuresLoudness))
    }

    // MARK: - post-processing

    func postProcess(_ state: TrackState) -> Outcome {
        let warnings = requested.flatMap { $0.warnings(state) }
        let confidences = requested.compactMap { $0.confidence(state) }
        let quality = confidences.isEmpty ? nil : confidences.reduce(0, +) / Double(confidences.count)
        return Outcome(quality: quality, note: warnings.isEmpty ? nil : warnings.joined(separator: "; ")) {
            [warnings] in
            $0.warnings = warnings
            $0.quality = quality
        }
    }
}

/// Runs blocking CPU work on the process's ``WorkerPool`` (one thread per core), keeping Swift's
/// cooperative pool free for the engine's timers and bookkeeping. Cancelling the calling task (a
/// stage or item timeout, a batch cancel) takes the job out of the line if it has not started, and
/// otherwise raises the ``CancellationFlag`` the work receives; the decoding loops ask it before each
/// block, so the thread is freed within one block instead of running the file to its end.
func offPool<T: Sendable>(_ work: @escaping @Sendable (CancellationFlag) throws -> T) async throws -> T {
    try await WorkerPool.shared.run(work)
}

/// ``offPool(_:)`` for work that does not look at the flag (it still leaves the line when cancelled
/// before it starts).
func offPool<T: Sendable>(_ work: @escaping @Sendable () -> T) async throws -> T {
    try await WorkerPool.shared.run { _ in work() }
}
