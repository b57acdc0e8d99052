import Foundation
import Synchronization
import Testing

@testable import AudioWave

/// A value behind a lock, shared with tasks.
private final class Guarded<Value: Sendable>: Sendable {
    private let value: Mutex<Value>

    init(_ value: Value) { self.value = Mutex(value) }

    func withLock<R: Sendable>(_ body: (inout Value) -> R) -> R { value.withLock { body(&$0) } }

    var current: Value { value.withLock { $0 } }
}

/// Counts the files in flight from the engine's events (an item starts after it got its place and
/// ends before it gives it back, so the count is exact) and remembers the peak.
private final class InFlightCounter: Sendable {
    private let counts = Guarded((now: 0, peak: 0, started: 0, finished: 0))

    var sink: @Sendable (EngineEvent) -> Void {
        { [counts] event in
            switch event.type {
            case .itemStarted:
                counts.withLock {
                    $0.now += 1
                    $0.started += 1
                    $0.peak = max($0.peak, $0.now)
                }
            case .itemCompleted, .itemFailed, .itemPartial, .itemCancelled:
                counts.withLock {
                    $0.now -= 1
                    $0.finished += 1
                }
            default:
                break
            }
        }
    }

    var peak: Int { counts.current.peak }
    var started: Int { counts.current.started }
    var finished: Int { counts.current.finished }
    var now: Int { counts.current.now }
}

/// Waits until `condition` holds, looking every millisecond; false if it still does not after `checks`
/// looks (a safety net so that a broken promise fails the test instead of hanging it; the outcome never
/// depends on how fast the machine is).
private func eventually(checks: Int = 60_000, _ condition: () -> Bool) async -> Bool {
    for _ in 0..<checks {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(1))
    }
    return condition()
}

private struct ReaderGaveUp: Error {}

@Suite("One analyzer, many calls: shared limits, structured report streams")
struct SharedAnalyzerTests {
    private static let clicks = TestAudio.fixture("tempo/click_120bpm.wav")

    private func items(_ count: Int) -> [AnalysisItem] {
        (0..<count).map { AnalysisItem(path: Self.clicks, relativePath: "clicks-\($0).wav") }
    }

    @Test("8 concurrent analyze(path:) calls with maxItemsInFlight 2 never have more than 2 files in flight")
    func concurrentCallsRespectTheLimit() async throws {
        var configuration = AnalysisConfiguration()
        configuration.engine.maxItemsInFlight = 2
        configuration.engine.maxParallelItemsPerStage = 8
        let analyzer = try AudioAnalyzer(configuration: configuration)
        let counter = InFlightCounter()
        let statuses = Guarded([ReportStatus]())
        await withTaskGroup(of: Void.self) { group in
            for item in self.items(8) {
                group.addTask {
                    let report = await analyzer.analyze(item, onEvent: counter.sink)
                    statuses.withLock { $0.append(report.status) }
                }
            }
        }
        #expect(counter.started == 8)
        #expect(counter.peak <= 2, "peak \(counter.peak) files in flight")
        #expect(statuses.current == Array(repeating: .ok, count: 8))
        let statistics = analyzer.statistics
        #expect(statistics.total == 8 && statistics.finished == 8 && statistics.active == 0)
        #expect(statistics.figures(for: .featureExtraction).map { $0.completed + $0.failed } == 8)
    }

    @Test("a batch and single calls on one analyzer share the limit too")
    func batchAndSingleCallsShare() async throws {
        var configuration = AnalysisConfiguration()
        configuration.engine.maxItemsInFlight = 2
        configuration.analyses = [.loudness]
        let analyzer = try AudioAnalyzer(configuration: configuration)
        let counter = InFlightCounter()
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                await analyzer.analyze(items(4), onEvent: counter.sink) { report in #expect(report.status == .ok) }
            }
            for item in items(4) {
                group.addTask { #expect(await analyzer.analyze(item, onEvent: counter.sink).status == .ok) }
            }
        }
        #expect(counter.started == 8)
        #expect(counter.peak <= 2, "peak \(counter.peak) files in flight")
    }

    @Test("reports(for:) read to the end gives every report and the batch's summary")
    func reportsToTheEnd() async throws {
        var configuration = AnalysisConfiguration()
        configuration.engine.maxItemsInFlight = 2
        configuration.analyses = [.loudness]
        let analyzer = try AudioAnalyzer(configuration: configuration)
        var names: [String] = []
        let summary = await analyzer.reports(for: items(5), bufferSize: 1) { reports in
            for await report in reports { names.append(report.relativePath) }
        }
        #expect(names.sorted() == (0..<5).map { "clicks-\($0).wav" })
        #expect(summary.statistics.total == 5 && summary.statistics.succeeded == 5)
        #expect(summary.stopReason == nil && summary.unstarted.isEmpty)
    }

    @Test("leaving the loop early cancels the batch and returns only once it has ended, with its summary")
    func leavingEarlyCancels() async throws {
        var configuration = AnalysisConfiguration()
        configuration.engine.maxItemsInFlight = 1
        configuration.analyses = [.loudness]
        let analyzer = try AudioAnalyzer(configuration: configuration)
        let batch = items(12)
        var read = 0
        let summary = await analyzer.reports(for: batch, bufferSize: 1) { reports in
            for await _ in reports {
                read += 1
                break
            }
        }
        #expect(read == 1)
        #expect(summary.stopReason?.kind == .cancelled)
        #expect(summary.statistics.finished + summary.unstarted.count == batch.count)
        #expect(!summary.unstarted.isEmpty)
        // Nothing of the batch is still running.
        #expect(analyzer.statistics.active == 0)
        #expect(summary.statistics.active == 0)
    }

    @Test("an error thrown by the reader cancels the batch, waits for it and is rethrown")
    func readerErrorCancels() async throws {
        var configuration = AnalysisConfiguration()
        configuration.engine.maxItemsInFlight = 1
        configuration.analyses = [.loudness]
        let analyzer = try AudioAnalyzer(configuration: configuration)
        await #expect(throws: ReaderGaveUp.self) {
            try await analyzer.reports(for: items(12)) { reports in
                for await _ in reports { throw ReaderGaveUp() }
            }
        }
        #expect(analyzer.statistics.active == 0)
        #expect(analyzer.statistics.finished < 12)
    }

    @Test("a slow reader holds the batch back: unread reports never exceed the buffer")
    func backpressure() async throws {
        var configuration = AnalysisConfiguration()
        configuration.engine.maxItemsInFlight = 1
        configuration.analyses = [.loudness]
        let analyzer = try AudioAnalyzer(configuration: configuration)
        let counter = InFlightCounter()
        var read = 0
        var mostAhead = 0
        await analyzer.reports(for: items(6), bufferSize: 2, onEvent: counter.sink) { reports in
            for await _ in reports {
                read += 1
                // Dawdle until the batch has run 4 files ahead (which a bounded buffer never lets it do),
                // has ended, or is stuck: nothing in flight and its next report waiting for room.
                let settled = await eventually {
                    counter.finished >= read + 4 || counter.finished == 6
                        || (reports.channel.hasWaitingSender && counter.now == 0)
                }
                #expect(settled)
                mostAhead = max(mostAhead, counter.finished - read)
            }
        }
        #expect(read == 6)
        // Unread: at most 2 buffered and 1 the batch loop is handing over.
        #expect(mostAhead <= 3)
    }

    @Test("the report channel holds at most its capacity and lets the sender go on as the reader reads")
    func channelIsBounded() async throws {
        let channel = ReportChannel(capacity: 2)
        let sent = Guarded(0)
        let report = AnalysisReport(relativePath: "a.wav", status: .ok, configHash: "0")
        let producer = Task {
            for _ in 0..<5 {
                await channel.send(report)
                sent.withLock { $0 += 1 }
            }
            channel.finish()
        }
        // Two buffered, the third send waits.
        #expect(await eventually { sent.current == 2 })
        for _ in 0..<10_000 { await Task.yield() }
        #expect(sent.current == 2)
        var received = 0
        while await channel.next() != nil { received += 1 }
        await producer.value
        #expect(received == 5 && channel.readerSawEnd)
    }

    @Test("a report says which analysis is missing when its handler's circuit breaker skipped it")
    func missingContributionWarning() {
        let result = ItemResult(
            index: 0, id: "a.wav", status: .partial, state: TrackState(),
            stages: [
                StageRecord(stage: .preparation, status: .completed, attempts: 1, durationMs: 1),
                StageRecord(
                    stage: .deepAnalysis, status: .completed, attempts: 1, durationMs: 1, skippedHandlers: ["tempo"]),
            ],
            errors: [
                ItemError(
                    stage: .deepAnalysis, handler: "tempo", kind: .circuitOpen,
                    message: "circuit open for handler tempo",
                    attempt: 1, isPermanent: true)
            ], earlyExit: nil, quality: nil, durationMs: 2)
        let report = ReportBuilder.report(
            for: result, item: AnalysisItem(samples: [0], sampleRate: 8000, name: "a.wav"), configHash: "0",
            units: [], analyses: Analysis.all)
        #expect(report.warnings?.count == 1)
        #expect(report.warnings?.first?.hasPrefix("deep_analysis/tempo did not run") == true)
        #expect(report.status != .ok)
    }
}
