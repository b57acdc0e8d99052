import Clocks
import StageEngine
import Testing

@Suite("Batch control: success-rate stop, stage limits, cancellation")
struct BatchControlTests {
    @Test("when a stage's success rate falls below the minimum the batch stops admitting and says why")
    func minSuccessRateStop() async throws {
        var configuration = testConfiguration([.preparation, .deepAnalysis])
        configuration.maxItemsInFlight = 1
        configuration.maxRetriesPerStage = 0
        configuration.minSuccessRatePerStage = 0.8
        configuration.minSuccessRateSampleSize = 4
        let engine = try makeEngine(configuration)
        try engine.register(marking("p", in: .preparation))
        try engine.register("half", in: .deepAnalysis) { context in
            if context.input % 2 == 0 { throw FakeError(message: "even item") }
            return .unchanged
        }
        let events = EventLog()
        let report = await engine.runBatch(Array(0..<20), onEvent: events.sink) { _ in }
        #expect(report.results.map(\.index) == [0, 1, 2, 3])
        #expect(report.unstartedIndices == Array(4..<20))
        #expect(report.stopReason?.kind == .lowSuccessRate)
        #expect(report.stopReason?.stage == .deepAnalysis)
        #expect(events.of(.batchStopped).first?.stage == .deepAnalysis)
        #expect(report.statistics.figures(for: .deepAnalysis)?.successRate == 0.5)
    }

    @Test("above the minimum success rate every item runs")
    func noStopWhenHealthy() async throws {
        var configuration = testConfiguration([.deepAnalysis])
        configuration.maxRetriesPerStage = 0
        configuration.minSuccessRateSampleSize = 4
        let engine = try makeEngine(configuration)
        try engine.register("mostly", in: .deepAnalysis) { context in
            if context.input == 5 { throw FakeError(message: "one bad item") }
            return .unchanged
        }
        let report = await engine.runBatch(Array(0..<20)) { _ in }
        #expect(report.results.count == 20)
        #expect(report.stopReason == nil)
        #expect(report.statistics.failed == 1)
    }

    @Test("items inside a stage never exceed its limit, while other stages overlap")
    func stageLimits() async throws {
        let clock = TestClock<Duration>()
        var configuration = testConfiguration([.preparation, .deepAnalysis])
        configuration.maxItemsInFlight = 8
        configuration.stageOverrides[.deepAnalysis] = StageOverride(maxParallelItems: 2)
        let engine = try makeEngine(configuration, clock: clock)
        let preparing = Gauge()
        let deep = Gauge()
        try engine.register("prepare", in: .preparation) { _ in
            preparing.enter()
            defer { preparing.leave() }
            try await clock.sleep(for: .seconds(1))
            return .unchanged
        }
        try engine.register("deep", in: .deepAnalysis) { _ in
            deep.enter()
            defer { deep.leave() }
            try await clock.sleep(for: .seconds(1))
            return .unchanged
        }
        let report = await driving(clock) { await engine.runBatch(Array(0..<16)) { _ in } }
        #expect(report?.statistics.succeeded == 16)
        #expect(deep.total == 16)
        #expect(deep.peak == 2)
        #expect(preparing.peak == 8)
    }

    @Test("cancelling the consuming task stops admission and the report keeps every completed result")
    func cancellation() async throws {
        let clock = TestClock<Duration>()
        var configuration = testConfiguration([.preparation, .finalization])
        configuration.maxItemsInFlight = 2
        let engine = try makeEngine(configuration, clock: clock)
        let sawCancellation = Gauge()
        let waiting = Gauge()
        try engine.register("work", in: .preparation) { context in
            if context.input >= 2 {
                waiting.enter()
                do { try await clock.sleep(for: .seconds(1000)) } catch {
                    sawCancellation.enter()
                    throw error
                }
            }
            return StageOutcome { $0.log.append("done") }
        }
        let run = engine.run(Array(0..<10))
        let (received, receivedSink) = AsyncStream.makeStream(of: Int.self)
        let consumer = Task {
            for await result in run.results { receivedSink.yield(result.index) }
        }
        var firstTwo: [Int] = []
        for await index in received {
            firstTwo.append(index)
            if firstTwo.count == 2 { break }
        }
        while waiting.total < 2 { await Task.yield() }  // items 2 and 3 are inside their handler
        consumer.cancel()
        let report = await run.report()
        #expect(Set(firstTwo) == [0, 1])
        #expect(report.results.filter { $0.status == .succeeded }.map(\.index) == [0, 1])
        #expect(report.results.filter { $0.status == .cancelled }.map(\.index) == [2, 3])
        #expect(report.unstartedIndices == Array(4..<10))
        #expect(report.stopReason?.kind == .cancelled)
        #expect(sawCancellation.total == 2)
        #expect(report.statistics.cancelled == 2)
    }

    @Test("cancelling the task running runBatch returns the results completed so far")
    func structuredCancellation() async throws {
        let clock = TestClock<Duration>()
        var configuration = testConfiguration([.preparation])
        configuration.maxItemsInFlight = 1
        let engine = try makeEngine(configuration, clock: clock)
        let started = Gauge()
        try engine.register("work", in: .preparation) { context in
            started.enter()
            if context.input == 3 { try await clock.sleep(for: .seconds(1000)) }
            return .unchanged
        }
        let batch = Task { await engine.runBatch(Array(0..<10)) { _ in } }
        while started.total < 4 { await Task.yield() }
        batch.cancel()
        let report = await batch.value
        #expect(report.results.map(\.status) == [.succeeded, .succeeded, .succeeded, .cancelled])
        #expect(report.unstartedIndices == Array(4..<10))
        #expect(started.total == 4)
    }
}
