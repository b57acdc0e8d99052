import AudioWaveAnalysis
import AudioWaveBatch
import AudioWaveDSP
import AudioWaveIO
import AudioWaveReport
import Foundation
import StageEngine

/// The library's entry point: analyses files or in-memory samples through the seven audio stages.
///
/// ```swift
/// let analyzer = try AudioAnalyzer()
/// let report = await analyzer.analyze(path: "take3.wav")
/// print(report.tempo?.bpm ?? 0, report.key?.name ?? "-")
/// ```
///
/// An analyzer is `Sendable` and reusable: build it once (FFT plans, filterbanks) and call it from
/// any task. Failures never throw: they come back as `failed` reports with a typed error code.
/// Cancel the calling task to stop; completed reports are kept.
public final class AudioAnalyzer: Sendable {
    /// The configuration every analysis uses.
    public let configuration: AnalysisConfiguration
    /// ``AnalysisConfiguration/resultHash``, written into every report as `config_hash`.
    public let configHash: String
    private let engine: WaveEngine<AnalysisItem, TrackState>
    private let units: [any AnalysisUnit]

    /// Builds an analyzer.
    /// - Parameters:
    ///   - configuration: Engine and audio settings. Default: the defaults.
    ///   - clock: The engine's clock for timeouts and backoff. Default `ContinuousClock()`.
    /// - Throws: `ConfigurationError` or `AnalysisConfigurationError` naming the invalid field.
    public init(
        configuration: AnalysisConfiguration = AnalysisConfiguration(), clock: any Clock<Duration> = ContinuousClock()
    ) throws {
        try configuration.validate()
        self.configuration = configuration
        let stages = try AudioStages(configuration: configuration)
        units = stages.units
        self.configHash = configuration.resultHash(units: units)
        engine = try WaveEngine(
            configuration: configuration.engine, clock: clock, itemID: { $0.relativePath },
            initialState: { _ in TrackState() })
        for handler in stages.handlers where configuration.engine.enabledStages.contains(handler.stage) {
            try engine.register(handler)
        }
    }

    /// Analyses one item.
    /// - Parameters:
    ///   - item: A file or in-memory samples.
    ///   - onEvent: Receives the engine's events for this item. Default: none.
    /// - Returns: The report; `failed` with an error code when the audio could not be analysed.
    public func analyze(_ item: AnalysisItem, onEvent: (@Sendable (EngineEvent) -> Void)? = nil) async -> AnalysisReport
    {
        let result = await engine.runOne(item, onEvent: onEvent)
        return ReportBuilder.report(
            for: result, item: item, configHash: configHash, units: units, analyses: configuration.analyses)
    }

    /// Analyses the file at `path`, reported under `relativePath` (default: the path as given).
    public func analyze(path: String, relativePath: String? = nil) async -> AnalysisReport {
        await analyze(AnalysisItem(path: path, relativePath: relativePath))
    }

    /// Analyses mono samples already in memory.
    /// - Parameters:
    ///   - samples: Mono samples, nominally in -1...1.
    ///   - sampleRate: Their rate in Hz (resampled to the analysis rate when different).
    ///   - name: The report's `relative_path`. Default `"samples"`.
    public func analyze(samples: [Float], sampleRate: Int, name: String = "samples") async -> AnalysisReport {
        await analyze(AnalysisItem(samples: samples, sampleRate: sampleRate, name: name))
    }

    /// Analyses many items concurrently (up to `max_items_in_flight`), handing each report to
    /// `onReport` as it finishes, in completion order.
    ///
    /// Cancelling the calling task stops admission at once; items in flight end `failed` with code
    /// `cancelled`, and items never started get no report (``AnalysisBatchSummary/unstarted``).
    /// `control.stopAdmitting()` is the graceful stop: items in flight finish normally.
    /// - Parameters:
    ///   - items: What to analyse.
    ///   - control: Steers the running batch (graceful stop). Default: none.
    ///   - onEvent: Receives every engine event, from any task. Default: none.
    ///   - onReport: Called once per finished item, one call at a time.
    /// - Returns: Statistics, and why the batch stopped early if it did.
    @discardableResult
    public func analyze(
        _ items: [AnalysisItem], control: BatchControl? = nil, onEvent: (@Sendable (EngineEvent) -> Void)? = nil,
        onReport: (AnalysisReport) async -> Void
    ) async -> AnalysisBatchSummary {
        let hash = configHash
        // Results are handed on as reports and not retained: a batch of any size runs in bounded memory.
        let batch = await engine.runBatch(items, control: control, retainsResults: false, onEvent: onEvent) { result in
            await onReport(
                ReportBuilder.report(
                    for: result, item: items[result.index], configHash: hash, units: units,
                    analyses: configuration.analyses))
        }
        return AnalysisBatchSummary(
            statistics: batch.statistics, stopReason: batch.stopReason,
            unstarted: batch.unstartedIndices.map { items[$0] })
    }

    /// Analyses many items and streams their reports; the stream ends when the batch does.
    /// Ending iteration early (or cancelling the iterating task) cancels the batch.
    public func reports(for items: [AnalysisItem]) -> AsyncStream<AnalysisReport> {
        AsyncStream { continuation in
            let task = Task {
                await self.analyze(items) { continuation.yield($0) }
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}

/// How a batch ended.
public struct AnalysisBatchSummary: Sendable {
    /// The engine's counts and per-stage durations.
    public var statistics: BatchStatistics
    /// Why the batch stopped admitting items early (cancellation, a stage's success rate), if it did.
    public var stopReason: BatchStopReason?
    /// Items that were never started (they have no report).
    public var unstarted: [AnalysisItem]
}
