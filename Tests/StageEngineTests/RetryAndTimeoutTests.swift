import Clocks
import StageEngine
import Testing

@Suite("Retries and timeouts")
struct RetryAndTimeoutTests {
    @Test(
        "a failing stage is retried with the strategy's delays, then succeeds",
        arguments: [
            (RetryPolicy.Strategy.exponential, [1000.0, 2000, 4000]),
            (.linear, [1000.0, 2000, 3000]),
            (.fibonacci, [1000.0, 1000, 2000]),
        ])
    func retryDelays(strategy: RetryPolicy.Strategy, expectedDelays: [Double]) async throws {
        let clock = TestClock<Duration>()
        var configuration = testConfiguration([.deepAnalysis])
        configuration.maxRetriesPerStage = 3
        configuration.retry.strategy = strategy
        let engine = try makeEngine(configuration, clock: clock)
        try engine.register("tempo", in: .deepAnalysis) { context in
            if context.attempt <= 3 { throw FakeError(message: "attempt \(context.attempt) failed") }
            return StageOutcome { $0.log.append("tempo") }
        }
        let events = EventLog()
        let result = await driving(clock) { await engine.runOne(1, onEvent: events.sink) }
        #expect(result?.status == .succeeded)
        #expect(result?.record(for: .deepAnalysis)?.attempts == 4)
        #expect(result?.errors.count == 3)
        let retries = events.of(.stageRetried)
        #expect(retries.map(\.delayMs) == expectedDelays)
        #expect(retries.map(\.attempt) == [1, 2, 3])
        #expect(retries.first?.error == "attempt 1 failed")
        #expect(engine.statistics.figures(for: .deepAnalysis)?.retries == 3)
        // Each attempt starts no earlier than the delay after the previous one (clock time).
        let starts = events.of(.stageStarted).map(\.elapsedMs)
        try #require(starts.count == expectedDelays.count + 1)
        for (index, delay) in expectedDelays.enumerated() {
            #expect(starts[index + 1] - starts[index] >= delay)
        }
    }

    @Test("a stage that keeps failing is retried max_retries times, then fails the item")
    func retriesExhausted() async throws {
        let clock = TestClock<Duration>()
        var configuration = testConfiguration([.preparation, .initialAnalysis])
        configuration.maxRetriesPerStage = 2
        configuration.allowPartialResults = false
        let engine = try makeEngine(configuration, clock: clock)
        let calls = Gauge()
        try engine.register(marking("p", in: .preparation))
        try engine.register("broken", in: .initialAnalysis) { _ in
            calls.enter()
            throw FakeError(message: "still broken")
        }
        let result = await driving(clock) { await engine.runOne(1) }
        #expect(calls.total == 3)
        #expect(result?.status == .failed)
        #expect(result?.record(for: .initialAnalysis)?.status == .failed)
        #expect(result?.record(for: .initialAnalysis)?.attempts == 3)
    }

    @Test("an error marked permanent is not retried")
    func permanentError() async throws {
        let clock = TestClock<Duration>()
        let engine = try makeEngine(testConfiguration([.preparation]), clock: clock)
        let calls = Gauge()
        try engine.register("probe", in: .preparation) { _ in
            calls.enter()
            throw PermanentFailure(FakeError(message: "unsupported format"))
        }
        let events = EventLog()
        let result = await driving(clock) { await engine.runOne(1, onEvent: events.sink) }
        #expect(calls.total == 1)
        #expect(result?.status == .failed)
        #expect(result?.errors.first?.isPermanent == true)
        #expect(result?.errors.first?.message == "unsupported format")
        #expect(events.of(.stageRetried).isEmpty)
    }

    @Test("a timed-out attempt is retried only with retry_timed_out", arguments: [false, true])
    func stageTimeout(retryTimedOut: Bool) async throws {
        let clock = TestClock<Duration>()
        var configuration = testConfiguration([.featureExtraction])
        configuration.stageTimeoutSeconds = 2
        configuration.retryTimedOut = retryTimedOut
        let engine = try makeEngine(configuration, clock: clock)
        let calls = Gauge()
        try engine.register("slow-once", in: .featureExtraction) { context in
            calls.enter()
            if context.attempt == 1 { try await clock.sleep(for: .seconds(3600)) }
            return StageOutcome { $0.log.append("done on \(context.attempt)") }
        }
        let events = EventLog()
        let result = await driving(clock) { await engine.runOne(1, onEvent: events.sink) }
        #expect(result?.errors.map(\.kind) == [.stageTimeout])
        #expect(result?.errors.first?.isPermanent == !retryTimedOut)
        #expect(events.of(.stageTimedOut).count == 1)
        let timedOutAt = events.of(.stageTimedOut).first?.elapsedMs ?? 0
        #expect(timedOutAt >= 2000 && timedOutAt < 3600_000)
        if retryTimedOut {
            #expect(result?.status == .succeeded)
            #expect(result?.state.log == ["done on 2"])
            #expect(events.of(.stageRetried).count == 1)
            #expect(calls.total == 2)
        } else {
            #expect(result?.status == .failed)
            #expect(result?.record(for: .featureExtraction)?.status == .timedOut)
            #expect(result?.record(for: .featureExtraction)?.attempts == 1)
            #expect(events.of(.stageRetried).isEmpty)
            #expect(calls.total == 1)
        }
    }

    @Test("inter_stage_delay_ms pauses between the stages of one item, on the engine clock")
    func interStageDelay() async throws {
        let clock = TestClock<Duration>()
        var configuration = testConfiguration([.preparation, .aggregation, .finalization])
        configuration.interStageDelayMs = 500
        let engine = try makeEngine(configuration, clock: clock)
        for stage in configuration.enabledStages { try engine.register(marking(stage.rawValue, in: stage)) }
        let events = EventLog()
        let result = await driving(clock, step: .milliseconds(50)) { await engine.runOne(1, onEvent: events.sink) }
        #expect(result?.state.log == ["preparation", "aggregation", "finalization"])
        let starts = events.of(.stageStarted).map(\.elapsedMs)
        try #require(starts.count == 3)
        #expect(starts[1] - starts[0] >= 500 && starts[2] - starts[1] >= 500)
    }

    @Test("an item over total_timeout_seconds ends without further retries")
    func itemTimeout() async throws {
        let clock = TestClock<Duration>()
        var configuration = testConfiguration([.preparation, .deepAnalysis, .finalization])
        configuration.totalTimeoutSeconds = 5
        configuration.maxRetriesPerStage = 10
        let engine = try makeEngine(configuration, clock: clock)
        try engine.register(marking("p", in: .preparation))
        let calls = Gauge()
        try engine.register("stuck", in: .deepAnalysis) { _ in
            calls.enter()
            try await clock.sleep(for: .seconds(3600))
            return .unchanged
        }
        try engine.register(marking("f", in: .finalization))
        let result = await driving(clock) { await engine.runOne(1) }
        #expect(calls.total == 1)
        #expect(result?.status == .partial)
        #expect(result?.state.log == ["p"])
        #expect(result?.record(for: .deepAnalysis)?.status == .timedOut)
        #expect(result?.record(for: .finalization)?.status == .skipped)
        #expect(result?.errors.last?.kind == .itemTimeout)
    }
}
