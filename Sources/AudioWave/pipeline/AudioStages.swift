import Foundation
import StageEngine

extension AudioError: FailureClassifying {
    /// A file that failed to decode fails the same way again: never retried.
    public var isPermanent: Bool { true }
    /// The error's snake_case code, carried into the engine's `ItemError.code`.
    public var failureCode: String? { code.rawValue }
    /// A bad file is the input's fault, except a resampler failure, which is ours.
    public var isInputError: Bool { code != .resamplingFailed && code != .invalidRequest }
}

/// The seven audio stages: what each one computes from the state the earlier ones committed.
///
/// | stage | handler(s) | work |
/// | --- | --- | --- |
/// | preparation | `probe` | header facts, validation, size and mtime |
/// | initialAnalysis | `excerpt` | decode the middle excerpt (with loudness), levels, features, tempo and key; quality = min of the confidences |
/// | featureExtraction | `features` | stream the whole file (with loudness): levels, feature summaries, onset envelope, chroma |
/// | deepAnalysis | `tempo`, `key` (in parallel) | full-track tempo with beats; full-track key |
/// | aggregation | `summaries` | per-feature summaries committed; per-frame arrays released |
/// | postProcessing | `consistency` | cross-checks, overall quality |
/// | finalization | `report` | the report's analysis sections |
///
/// Only the requested ``Analysis`` kinds are computed: without loudness no R128 meter runs, without
/// features the extraction keeps to the onset envelope and chroma (``FeatureScope/onsetAndChroma``), and
/// without tempo and key there is no excerpt (nothing to be confident about) and no STFT unless the
/// features need it.
struct AudioStages: Sendable {
    let configuration: AnalysisConfiguration
    let extractor: FeatureExtractor
    let tempoEstimator: TempoEstimator
    let keyEstimator: KeyEstimator

    init(configuration: AnalysisConfiguration) throws {
        self.configuration = configuration
        self.extractor = try FeatureExtractor(configuration: configuration.features)
        self.tempoEstimator = TempoEstimator(configuration: configuration.tempo)
        self.keyEstimator = KeyEstimator(configuration: configuration.key)
    }

    typealias Handler = StageHandler<AnalysisItem, TrackState>
    typealias Outcome = StageOutcome<TrackState>

    /// Every handler, one list for the engine to register.
    var handlers: [Handler] {
        [
            Handler(name: "probe", stage: .preparation) { context in try prepare(context.input) },
            Handler(name: "excerpt", stage: .initialAnalysis) { context in
                try await offPool { try analyzeExcerpt(context.input, state: context.state) }
            },
            Handler(name: "features", stage: .featureExtraction) { context in
                try await offPool { try extractFeatures(context.input, state: context.state) }
            },
            Handler(name: "tempo", stage: .deepAnalysis, priority: 1) { context in
                await offPool { deepTempo(context.state) }
            },
            Handler(name: "key", stage: .deepAnalysis) { context in await offPool { deepKey(context.state) } },
            Handler(name: "summaries", stage: .aggregation) { context in await offPool { aggregate(context.state) } },
            Handler(name: "consistency", stage: .postProcessing) { context in postProcess(context.state) },
            Handler(name: "report", stage: .finalization) { context in
                let content = ReportContent(state: context.state, analyses: configuration.analyses)
                return Outcome(quality: content.quality) { state in
                    state.content = content
                    state.releaseBulk()  // an early exit skips aggregation: nothing heavy outlives the item
                }
            },
        ]
    }

    // MARK: - preparation

    func prepare(_ item: AnalysisItem) throws -> Outcome {
        switch item.source {
        case .file(let path):
            let properties = try AudioDecoder.probe(path: path)
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

    func analyzeExcerpt(_ item: AnalysisItem, state: TrackState) throws -> Outcome {
        guard let properties = state.properties else { throw StageFailure("no probe result", isPermanent: true) }
        let analyses = configuration.analyses
        guard analyses.contains(.tempo) || analyses.contains(.key) else {
            return Outcome(note: "no excerpt: neither tempo nor key requested") { _ in }
        }
        let span = Excerpt.centered(durationSeconds: configuration.excerptSeconds, inFileOf: properties.durationSeconds)
        let coversWholeFile = span.durationSeconds >= properties.durationSeconds - 1e-6
        let decoded = try decode(item, excerpt: coversWholeFile ? nil : span, properties: properties)
        let levels = LevelStatistics(samples: decoded.samples, sampleRate: decoded.sampleRate)
        var analysis = ExcerptAnalysis(
            span: span, coversWholeFile: coversWholeFile, levels: levels, loudness: decoded.loudness)
        var quality: Double?
        if levels.isSilent {
            quality = coversWholeFile ? 1 : nil  // a silent whole file needs nothing more
        } else if let scope = configuration.featureScope {
            let features = extractor.summarizedFeatures(samples: decoded.samples, scope: scope)
            if analyses.contains(.tempo) { analysis.tempo = tempo(of: features)?.shifted(bySeconds: span.startSeconds) }
            if analyses.contains(.key) { (analysis.key, analysis.keyUnavailable) = key(of: features) }
            analysis.summaries = features.summaries
            if coversWholeFile { analysis.wholeFileFeatures = features }
            // The least confident of the requested estimates; a missing one counts 0.
            let confidences = [Analysis.tempo: analysis.tempo?.confidence, .key: analysis.key?.confidence]
            analysis.confidence = confidences.filter { analyses.contains($0.key) }.map { $0.value ?? 0 }.min() ?? 0
            quality = analysis.confidence
        }
        if coversWholeFile { analysis.wholeFileSamples = decoded.samples }
        let note = String(format: "excerpt %.1f-%.1f s, confidence %.2f", span.startSeconds,
                          span.startSeconds + span.durationSeconds, analysis.confidence)
        return Outcome(quality: quality, note: note) { [analysis] in $0.excerpt = analysis }
    }

    // MARK: - feature extraction

    func extractFeatures(_ item: AnalysisItem, state: TrackState) throws -> Outcome {
        guard let properties = state.properties else { throw StageFailure("no probe result", isPermanent: true) }
        if let excerpt = state.excerpt, excerpt.coversWholeFile, let samples = excerpt.wholeFileSamples {
            let features = excerpt.wholeFileFeatures
                ?? configuration.featureScope.map { extractor.summarizedFeatures(samples: samples, scope: $0) }
            return Outcome(note: "reused the whole-file excerpt") {
                $0.levels = excerpt.levels
                $0.loudness = excerpt.loudness
                $0.features = features
            }
        }
        let (levels, loudness, features) = try streamFeatures(item, properties: properties)
        return Outcome {
            $0.levels = levels
            $0.loudness = loudness
            $0.features = features
        }
    }

    /// Decodes the whole file block by block into the feature stream, the level meter and the loudness
    /// meter at once, so the file's samples are never all in memory.
    private func streamFeatures(
        _ item: AnalysisItem, properties: AudioProperties
    ) throws -> (LevelStatistics, Loudness?, SummarizedFeatures?) {
        let scope = configuration.featureScope
        guard case .file(let path) = item.source else {
            let decoded = try decode(item, excerpt: nil, properties: properties)
            return (LevelStatistics(samples: decoded.samples, sampleRate: decoded.sampleRate), decoded.loudness,
                    scope.map { extractor.summarizedFeatures(samples: decoded.samples, scope: $0) })
        }
        let meter = makeLoudnessMeter(properties)
        let stream = scope.map { SummaryFeatureStream(extractor: extractor, scope: $0) }
        var levels = LevelMeter(sampleRate: configuration.sampleRate)
        try AudioDecoder.streamMono(
            path: path, options: DecodingOptions(sampleRate: configuration.sampleRate),
            nativeBlockObserver: meter.map { meter in { block, frames, _ in meter.add(interleaved: block, frameCount: frames) } },
            onSamples: { block in
                levels.add(block)
                stream?.add(samples: block)
            })
        return (levels.result(), meter?.result(), stream?.finish())
    }

    /// A loudness meter for the file's channels and rate, when loudness is requested (nil also when
    /// libebur128 refuses the layout: loudness is then reported as null).
    private func makeLoudnessMeter(_ properties: AudioProperties) -> LoudnessMeter? {
        guard configuration.analyses.contains(.loudness) else { return nil }
        return try? LoudnessMeter(channelCount: properties.channelCount, sampleRate: properties.sampleRate)
    }

    // MARK: - deep analysis

    func deepTempo(_ state: TrackState) -> Outcome {
        guard configuration.analyses.contains(.tempo), let features = state.features, state.levels?.isSilent != true
        else { return .unchanged }
        // An excerpt that was the whole file already estimated from these very features.
        let tempo = state.excerpt.flatMap { $0.coversWholeFile ? $0.tempo : nil } ?? tempo(of: features)
        return Outcome(quality: tempo?.confidence) { $0.tempo = tempo }
    }

    func deepKey(_ state: TrackState) -> Outcome {
        guard configuration.analyses.contains(.key), let features = state.features, state.levels?.isSilent != true
        else { return .unchanged }
        // An excerpt that was the whole file already estimated from these very features.
        let (key, unavailable) = state.excerpt.flatMap { $0.coversWholeFile ? ($0.key, $0.keyUnavailable) : nil }
            ?? key(of: features)
        return Outcome(quality: key?.confidence) {
            $0.key = key
            $0.keyUnavailable = unavailable
        }
    }

    /// Tempo and beats from the onset envelope (beats from the start of `features`' samples).
    func tempo(of features: SummarizedFeatures) -> TempoEstimate? {
        tempoEstimator.estimate(
            onsetEnvelope: features.onsetEnvelope, sampleRate: features.sampleRate, hopLength: features.hopLength)
    }

    /// The key from the chroma of every 4th frame, audible frames only (``KeyEstimator/analyze(features:)``,
    /// which `TempoKeyAnalyzer` calls too).
    /// Either the key or why there is none (``KeyEstimator/analyze(chromagram:frameWeights:)``).
    func key(of features: SummarizedFeatures) -> (KeyEstimate?, KeyUnavailableReason?) {
        switch keyEstimator.analyze(features: features) {
        case .success(let estimate): return (estimate, nil)
        case .failure(let reason): return (nil, reason)
        }
    }

    // MARK: - aggregation, post-processing

    func aggregate(_ state: TrackState) -> Outcome {
        guard let features = state.features else { return .unchanged }
        let summaries = features.summaries
        return Outcome {
            $0.summaries = summaries
            $0.releaseBulk()  // per-frame arrays are not reported: free them before the item finishes
        }
    }

    func postProcess(_ state: TrackState) -> Outcome {
        var warnings: [String] = []
        let tempo = state.tempo ?? state.excerpt?.tempo
        if let full = state.tempo, let quick = state.excerpt?.tempo, !TempoAgreement.isConsistent(full.bpm, quick.bpm) {
            warnings.append(String(format: "excerpt tempo %.1f BPM disagrees with full-track %.1f BPM", quick.bpm, full.bpm))
        }
        if let full = state.key, let quick = state.excerpt?.key, full.key != quick.key {
            warnings.append("excerpt key \(quick.name) differs from full-track \(full.name)")
        }
        if let duration = state.properties?.durationSeconds, let last = tempo?.beats.last, last > duration + 0.05 {
            warnings.append(String(format: "beat at %.2f s lies after the end (%.2f s)", last, duration))
        }
        let key = state.keyUnavailable == nil ? state.key ?? state.excerpt?.key : nil
        let confidences = [tempo?.confidence, key?.confidence].compactMap { $0 }
        let quality = confidences.isEmpty ? nil : confidences.reduce(0, +) / Double(confidences.count)
        return Outcome(quality: quality, note: warnings.isEmpty ? nil : warnings.joined(separator: "; ")) { [warnings] in
            $0.warnings = warnings
            $0.quality = quality
        }
    }

    // MARK: - decoding

    /// Decodes a file (or slices in-memory samples) at the analysis rate, measuring loudness on the
    /// original channels at the native rate in the same pass.
    private func decode(
        _ item: AnalysisItem, excerpt: Excerpt?, properties: AudioProperties
    ) throws -> (samples: [Float], sampleRate: Int, loudness: Loudness?) {
        switch item.source {
        case .file(let path):
            let meter = makeLoudnessMeter(properties)
            let options = DecodingOptions(sampleRate: configuration.sampleRate, excerpt: excerpt)
            let decoded = try AudioDecoder.decodeMono(
                path: path, options: options,
                nativeBlockObserver: meter.map { meter in { block, frames, _ in meter.add(interleaved: block, frameCount: frames) } })
            return (decoded.samples, decoded.sampleRate, meter?.result())
        case .samples(let samples, let sampleRate):
            return try InMemoryAudio.prepare(
                samples, sampleRate: sampleRate, analysisRate: configuration.sampleRate, excerpt: excerpt,
                name: item.relativePath, measuresLoudness: configuration.analyses.contains(.loudness))
        }
    }
}

/// Runs blocking CPU work on a Dispatch worker, keeping Swift's cooperative pool free for the
/// engine's timers and bookkeeping. The work itself cannot be interrupted; a timed-out item's
/// work finishes in the background and is discarded.
func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global(qos: .userInitiated).async { continuation.resume(with: Result { try work() }) }
    }
}

/// Non-throwing ``offPool(_:)``.
func offPool<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        DispatchQueue.global(qos: .userInitiated).async { continuation.resume(returning: work()) }
    }
}
