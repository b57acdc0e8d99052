import Clocks
import Testing

@testable import StageEngine

@Suite("Circuit breaker")
struct CircuitBreakerTests {
    @Test(
        "a handler's circuit opens after consecutive failures, half-opens after the reset time, and closes after successes"
    )
    func openHalfOpenClosed() async throws {
        let clock = TestClock<Duration>()
        var configuration = testConfiguration([.preparation, .featureExtraction, .finalization])
        configuration.maxItemsInFlight = 1
        configuration.maxRetriesPerStage = 0
        configuration.minSuccessRatePerStage = 0
        configuration.circuitBreaker = CircuitBreakerConfiguration(
            failureThreshold: 3, successThreshold: 2, resetSeconds: 30)
        let engine = try makeEngine(configuration, clock: clock)
        // Items from 3 on take 10 s in preparation, so the clock moves while the circuit is open.
        try engine.register("wait", in: .preparation) { context in
            if context.input >= 3 { try await clock.sleep(for: .seconds(10)) }
            return StageOutcome { $0.log.append("p") }
        }
        let calls = Shared<[Int]>([])
        try engine.register("spectrum", in: .featureExtraction) { context in
            calls.withLock { $0.append(context.input) }
            if context.input < 3 { throw FakeError(message: "FFT failed") }
            return StageOutcome { $0.log.append("spectrum") }
        }
        try engine.register(marking("f", in: .finalization))
        let events = EventLog()
        let report = await driving(clock, step: .seconds(1)) {
            await engine.runBatch(Array(0..<9), onEvent: events.sink) { _ in }
        }
        let results = try #require(report?.results)
        // Items 0–2 fail at t = 0 and open the circuit; 3 and 4 reach the stage at t = 10 and 20
        // and skip the handler; 5 (t = 30) is the half-open trial; 6 is the second success and
        // closes the circuit; 7 and 8 run normally.
        #expect(calls.current == [0, 1, 2, 5, 6, 7, 8])
        #expect(
            results.map { $0.record(for: .featureExtraction)?.status } == [
                .failed, .failed, .failed, .circuitOpen, .circuitOpen, .completed, .completed, .completed, .completed,
            ])
        let closedAt = events.of(.circuitClosed).first?.elapsedMs ?? 0
        #expect(closedAt >= 40_000 && closedAt < 50_000)
        #expect(results[4].status == .partial)
        #expect(results[4].errors.first?.kind == .circuitOpen)
        #expect(results[4].record(for: .finalization)?.status == .completed)
        #expect(
            events.all.filter { $0.type.rawValue.hasPrefix("circuit_") }.map(\.type) == [
                .circuitOpened, .circuitHalfOpen, .circuitClosed,
            ])
        #expect(events.of(.stageSkipped).filter { $0.handler != nil }.map(\.itemIndex) == [3, 4])
    }

    @Test("a failed half-open trial reopens the circuit for another reset period")
    func trialFailureReopens() {
        let board = CircuitBreakerBoard(
            configuration: CircuitBreakerConfiguration(failureThreshold: 1, successThreshold: 1, resetSeconds: 10),
            count: 1)
        #expect(board.recordFailure(for: 0, now: 0) == .open)
        #expect(board.permission(for: 0, now: 5) == .rejected)
        #expect(board.permission(for: 0, now: 10) == .trial(transitioned: true))
        #expect(board.permission(for: 0, now: 10) == .rejected)  // one trial at a time
        #expect(board.recordFailure(for: 0, now: 11) == .open)
        #expect(board.permission(for: 0, now: 20) == .rejected)
        #expect(board.permission(for: 0, now: 21) == .trial(transitioned: true))
        #expect(board.recordSuccess(for: 0) == .closed)
        #expect(board.permission(for: 0, now: 21) == .allowed)
    }

    @Test("successes in between reset the count of consecutive failures")
    func consecutiveOnly() {
        let board = CircuitBreakerBoard(configuration: .standard, count: 1)
        for _ in 0..<5 {
            #expect(board.recordFailure(for: 0, now: 0) == nil)
            #expect(board.recordFailure(for: 0, now: 0) == nil)
            #expect(board.recordSuccess(for: 0) == nil)
        }
        #expect(board.state(of: 0) == .closed)
    }
}
