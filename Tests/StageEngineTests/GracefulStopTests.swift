import Clocks
import Testing

@testable import StageEngine

@Suite("Graceful stop through BatchControl")
struct GracefulStopTests {
    @Test("stopAdmitting starts nothing new, lets items in flight finish, and says why")
    func stopAdmitting() async throws {
        let clock = TestClock<Duration>()
        var configuration = testConfiguration([.preparation, .finalization])
        configuration.maxItemsInFlight = 2
        let engine = try makeEngine(configuration, clock: clock)
        let waiting = Gauge()
        try engine.register("work", in: .preparation) { context in
            if context.input >= 2 {
                waiting.enter()
                try await clock.sleep(for: .seconds(10))
            }
            return StageOutcome { $0.log.append("done") }
        }
        let control = BatchControl()
        let batch = Task { await engine.runBatch(Array(0..<10), control: control) { _ in } }
        while waiting.total < 2 { await Task.yield() }  // items 2 and 3 are inside their handler
        control.stopAdmitting()
        let finished = await driving(clock, step: .seconds(1)) { await batch.value }
        let report = try #require(finished)
        #expect(report.results.map(\.index) == [0, 1, 2, 3])
        #expect(report.results.allSatisfy { $0.status == .succeeded })
        #expect(report.unstartedIndices == Array(4..<10))
        #expect(report.stopReason?.kind == .stopped)
        #expect(control.isStopping)
    }
}

@Suite("Batches that do not retain results")
struct UnretainedResultsTests {
    @Test("with retainsResults false every result reaches onResult and none is kept in the report")
    func unretained() async throws {
        let engine = try makeEngine(testConfiguration([.preparation, .finalization]))
        try engine.register(marking("work", in: .preparation))
        let seen = Shared<[Int]>([])
        let report = await engine.runBatch(Array(0..<25), retainsResults: false) { result in
            seen.withLock { $0.append(result.index) }
        }
        #expect(report.results.isEmpty)
        #expect(seen.current.sorted() == Array(0..<25))
        #expect(report.statistics.succeeded == 25)
        #expect(report.unstartedIndices.isEmpty)
    }
}
