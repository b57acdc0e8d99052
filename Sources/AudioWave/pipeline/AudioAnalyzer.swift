import AudioWaveAnalysis
import AudioWaveBatch
import AudioWaveDSP
import AudioWaveIO
import AudioWaveReport
import Foundation
import Logging
import Metrics
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
/// any task. Every call on one analyzer shares its engine's limits: however many requests call
/// `analyze(path:)` at once, at most `maxItemsInFlight` files are in flight (the others wait in line
/// by ``ItemPriority``), and the circuit breakers, the resource governor and ``statistics`` are the
/// analyzer's, not the call's. The heavy work runs on one thread per core for the whole process.
/// Failures never throw: they come back as `failed` reports with a typed error code.
/// Cancel the calling task to stop; completed reports are kept.
public final class AudioAnalyzer: Sendable {
    /// The configuration every analysis uses.
    public let configuration: AnalysisConfiguration
    /// ``AnalysisConfiguration/resultHash``, written into every report as `config_hash`.
    public let configHash: String
    private let engine: WaveEngine<AnalysisItem, TrackState>
    private let units: [any AnalysisUnit]
    private let telemetry: AnalyzerTelemetry

    /// Builds an analyzer.
    /// - Parameters:
    ///   - configuration: Engine and audio settings. Default: the defaults.
    ///   - clock: The engine's clock for timeouts and backoff. Default `ContinuousClock()`.
    ///   - logger: Where the analyzer logs (swift-log): each file at `debug`, failures at `info`, governor
    ///     changes and opened circuits at `notice`. Default: a logger labelled `audiowave` on the process's
    ///     bootstrapped backend.
    ///   - metrics: The swift-metrics factory counters and timers go to (``AnalyzerTelemetry`` lists them).
    ///     Default: the process's bootstrapped `MetricsSystem.factory` (a no-op until a service bootstraps one).
    /// - Throws: `ConfigurationError` or `AnalysisConfigurationError` naming the invalid field.
    public init(
        configuration: AnalysisConfiguration = AnalysisConfiguration(), clock: any Clock<Duration> = ContinuousClock(),
        logger: Logger = Logger(label: "audiowave"), metrics: any MetricsFactory = MetricsSystem.factory
    ) throws {
        try configuration.validate()
        telemetry = AnalyzerTelemetry(logger: logger, factory: metrics)
        self.configuration = configuration
        let stages = try AudioStages(configuration: configuration)
        units = stages.units
        self.configHash = configuration.resultHash(units: units)
        engine = try WaveEngine(
            configuration: configuration.engine, clock: clock, itemID: { $0.relativePath },
            memoryEstimate: { [configuration] item in MemoryEstimate.megabytes(of: item, configuration: configuration)
            },
            initialState: { _ in TrackState() })
        for handler in stages.handlers where configuration.engine.enabledStages.contains(handler.stage) {
            try engine.register(handler)
        }
    }

    /// Figures over every file any call on this analyzer has run (per-stage counts, failures,
    /// retries and duration percentiles; `active` = files in flight now).
    public var statistics: BatchStatistics { engine.statistics }

    /// Analyses one item, once a place among `maxItemsInFlight` is free (shared with every other call).
    /// - Parameters:
    ///   - item: A file or in-memory samples.
    ///   - priority: Its place in line when the analyzer is full. Default `.normal`.
    ///   - onEvent: Receives the engine's events for this item. Default: none.
    /// - Returns: The report; `failed` with an error code when the audio could not be analysed
    ///   (`cancelled` when the calling task was cancelled, also while the item waited in line).
    public func analyze(
        _ item: AnalysisItem, priority: ItemPriority = .normal, onEvent: (@Sendable (EngineEvent) -> Void)? = nil
    ) async -> AnalysisReport {
        let result = await engine.runOne(item, priority: priority, onEvent: telemetry.sink(forwardingTo: onEvent))
        let report = ReportBuilder.report(
            for: result, item: item, configHash: configHash, units: units, analyses: configuration.analyses)
        telemetry.record(report)
        return report
    }

    /// Analyses the file at `path`, reported under `relativePath` (default: the path as given).
    public func analyze(
        path: String, relativePath: String? = nil, priority: ItemPriority = .normal
    ) async
        -> AnalysisReport
    {
        await analyze(AnalysisItem(path: path, relativePath: relativePath), priority: priority)
    }

    /// Analyses mono samples already in memory.
    /// - Parameters:
    ///   - samples: Mono samples, nominally in -1...1.
    ///   - sampleRate: Their rate in Hz (resampled to the analysis rate when different).
    ///   - name: The report's `relative_path`. Default `"samples"`.
    public func analyze(samples: [Float], sampleRate: Int, name: String = "samples") async -> AnalysisReport {
        await analyze(AnalysisItem(samples: samples, sampleRate: sampleRate, name: name))
    }

    /// Analyses many items concurrently (up to `max_items_in_flight`, shared with every other call on
    /// the analyzer), handing each report to `onReport` as it finishes, in completion order. While
    /// `onReport` runs, the batch takes no further result and admits no file.
    ///
    /// Cancelling the calling task stops admission at once; items in flight end `failed` with code
    /// `cancelled`, and items never started get no report (``AnalysisBatchSummary/unstarted``).
    /// `control.stopAdmitting()` is the graceful stop: items in flight finish normally.
    /// - Parameters:
    ///   - items: What to analyse.
    ///   - priority: The batch's place in line when the analyzer is full. Default `.normal`.
    ///   - control: Steers the running batch (graceful stop). Default: none.
    ///   - onEvent: Receives every engine event, from any task. Default: none.
    ///   - onReport: Called once per finished item, one call at a time.
    /// - Returns: Statistics, and why the batch stopped early if it did.
    @discardableResult
    nonisolated(nonsending) public func analyze(
        _ items: [AnalysisItem], priority: ItemPriority = .normal, control: BatchControl? = nil,
        onEvent: (@Sendable (EngineEvent) -> Void)? = nil, onReport: (AnalysisReport) async -> Void
    ) async -> AnalysisBatchSummary {
        let hash = configHash
        // Results are handed on as reports and not retained: a batch of any size runs in bounded memory.
        let batch = await engine.runBatch(
            items, priority: priority, control: control, retainsResults: false,
            onEvent: telemetry.sink(forwardingTo: onEvent)
        ) { result in
            let report = ReportBuilder.report(
                for: result, item: items[result.index], configHash: hash, units: units,
                analyses: configuration.analyses)
            telemetry.record(report)
            await onReport(report)
        }
        return AnalysisBatchSummary(
            statistics: batch.statistics, stopReason: batch.stopReason,
            unstarted: batch.unstartedIndices.map { items[$0] })
    }

    /// Analyses many items and hands their reports, as they finish, to `body` as an async sequence;
    /// returns when the batch has ended, with its summary.
    ///
    /// ```swift
    /// let summary = await analyzer.reports(for: items) { reports in
    ///     for await report in reports { store(report) }
    /// }
    /// ```
    ///
    /// Structured: leaving the loop early (a `break`, a thrown error, the task's cancellation) cancels
    /// the batch and waits for it before returning; its summary then says `cancelled`. At most
    /// `bufferSize` reports wait unread: a slow reader holds the batch back instead of piling reports
    /// up in memory.
    /// - Parameters:
    ///   - items: What to analyse.
    ///   - priority: The batch's place in line when the analyzer is full. Default `.normal`.
    ///   - bufferSize: Reports that may wait unread (at least 1). Default 8.
    ///   - control: Steers the running batch (graceful stop). Default: none.
    ///   - onEvent: Receives every engine event, from any task. Default: none.
    ///   - body: Reads the reports.
    /// - Returns: The batch's statistics and stop reason.
    /// - Throws: What `body` throws (after the batch has been cancelled and has ended).
    @discardableResult
    nonisolated(nonsending) public func reports<Failure: Error>(
        for items: [AnalysisItem], priority: ItemPriority = .normal, bufferSize: Int = 8,
        control: BatchControl? = nil, onEvent: (@Sendable (EngineEvent) -> Void)? = nil,
        _ body: (AnalysisReports) async throws(Failure) -> Void
    ) async throws(Failure) -> AnalysisBatchSummary {
        let channel = ReportChannel(capacity: bufferSize)
        let (summary, failure) = await withTaskGroup(of: AnalysisBatchSummary.self) {
            group -> (AnalysisBatchSummary?, Failure?) in
            group.addTask {
                let summary = await self.analyze(items, priority: priority, control: control, onEvent: onEvent) {
                    await channel.send($0)
                }
                channel.finish()
                return summary
            }
            var failure: Failure?
            do throws(Failure) { try await body(AnalysisReports(channel: channel)) } catch { failure = error }
            if !channel.readerSawEnd {
                channel.close()
                group.cancelAll()
            }
            return (await group.next(), failure)
        }
        if let failure { throw failure }
        // The group's one child always returns a summary; the fallback only satisfies the type.
        return summary ?? AnalysisBatchSummary(statistics: statistics, stopReason: nil, unstarted: [])
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
