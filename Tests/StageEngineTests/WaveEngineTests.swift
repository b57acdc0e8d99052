import Clocks
import StageEngine
import Testing

@Suite("WaveEngine: stages, handlers and state")
struct WaveEngineTests {
    @Test("stages run in order and each sees what earlier stages committed")
    func orderAndVisibility() async throws {
        let engine = try makeEngine(testConfiguration())
        let seen = Shared<[Stage: [String]]>([:])
        for stage in Stage.allCases {
            try engine.register("\(stage.rawValue)-mark", in: stage) { context in
                seen.withLock { $0[context.stage] = context.state.log }
                return StageOutcome { $0.log.append(context.stage.rawValue) }
            }
        }
        let result = await engine.runOne(7)
        #expect(result.status == .succeeded)
        #expect(result.id == "item-7")
        #expect(result.state.log == Stage.allCases.map(\.rawValue))
        #expect(
            seen.current[.aggregation] == ["preparation", "initial_analysis", "feature_extraction", "deep_analysis"])
        #expect(result.stages.map(\.stage) == Stage.allCases)
        #expect(result.stages.allSatisfy { $0.status == .completed && $0.attempts == 1 })
    }

    @Test("a disabled stage's handlers never run")
    func disabledStage() async throws {
        let engine = try makeEngine(testConfiguration([.preparation, .finalization]))
        try engine.register(marking("p", in: .preparation))
        try engine.register(marking("d", in: .deepAnalysis))
        try engine.register(marking("f", in: .finalization))
        let result = await engine.runOne(1)
        #expect(result.state.log == ["p", "f"])
        #expect(result.stages.map(\.stage) == [.preparation, .finalization])
    }

    @Test("handlers of one stage run in parallel for one item")
    func parallelHandlers() async throws {
        let engine = try makeEngine(testConfiguration([.featureExtraction]))
        let arrivals = Shared(0)
        for name in ["a", "b", "c"] {
            try engine.register(name, in: .featureExtraction) { _ in
                arrivals.withLock { $0 += 1 }
                // Wait (bounded) until all three are inside at once; sequential handlers never get there.
                var spins = 0
                while arrivals.current < 3, spins < 200_000 {
                    await Task.yield()
                    spins += 1
                }
                let together = arrivals.current == 3
                return StageOutcome { $0.values[name] = together ? 1 : 0 }
            }
        }
        let result = await engine.runOne(1)
        #expect(result.state.values == ["a": 1, "b": 1, "c": 1])
    }

    @Test("contributions are applied in priority order whatever order handlers finish in")
    func priorityOrder() async throws {
        let clock = TestClock<Duration>()
        let engine = try makeEngine(testConfiguration([.aggregation]), clock: clock)
        for (name, priority, delay) in [("low", 1, 0), ("high", 10, 3), ("middle", 5, 1)] {
            try engine.register(name, in: .aggregation, priority: priority) { _ in
                try await clock.sleep(for: .seconds(delay))
                return StageOutcome { $0.log.append(name) }
            }
        }
        #expect(engine.handlerNames[.aggregation] == ["high", "middle", "low"])
        let result = await driving(clock) { await engine.runOne(1) }
        #expect(result?.state.log == ["high", "middle", "low"])
    }

    @Test("a stage whose handler fails commits nothing, not even its successful handlers")
    func stageIsAtomic() async throws {
        var configuration = testConfiguration([.preparation, .deepAnalysis, .finalization])
        configuration.maxRetriesPerStage = 0
        let engine = try makeEngine(configuration)
        try engine.register(marking("prepared", in: .preparation))
        try engine.register(marking("good", in: .deepAnalysis))
        try engine.register("bad", in: .deepAnalysis) { _ in throw FakeError(message: "no beats") }
        try engine.register(marking("final", in: .finalization))
        let result = await engine.runOne(1)
        #expect(result.state.log == ["prepared", "final"])
        #expect(result.errors.map(\.stage) == [.deepAnalysis])
        #expect(result.errors.first?.handler == "bad")
        #expect(result.errors.first?.message == "no beats")
    }

    @Test("a retry starts from the same committed state")
    func retryInput() async throws {
        let clock = TestClock<Duration>()
        let engine = try makeEngine(testConfiguration([.preparation, .initialAnalysis]), clock: clock)
        try engine.register(marking("p", in: .preparation))
        let inputs = Shared<[[String]]>([])
        try engine.register("flaky", in: .initialAnalysis) { context in
            inputs.withLock { $0.append(context.state.log) }
            if context.attempt < 3 { throw FakeError(message: "try again") }
            return StageOutcome { $0.log.append("flaky") }
        }
        let result = await driving(clock) { await engine.runOne(1) }
        #expect(inputs.current == [["p"], ["p"], ["p"]])
        #expect(result?.state.log == ["p", "flaky"])
        #expect(result?.record(for: .initialAnalysis)?.attempts == 3)
    }

    @Test("an empty batch returns at once with empty statistics")
    func emptyBatch() async throws {
        var configuration = testConfiguration()
        configuration.adaptiveScaling = true
        let engine = try makeEngine(configuration)
        let report = await engine.runBatch([]) { _ in }
        #expect(report.results.isEmpty && report.unstartedIndices.isEmpty && report.stopReason == nil)
        #expect(report.statistics.total == 0 && report.statistics.successRate == 1)
        let run = engine.run([])
        for await _ in run.results {}
        #expect(await run.report().results.isEmpty)
    }

    @Test("runBatch hands each result to a plain closure that may mutate local state")
    func runBatchCallback() async throws {
        let engine = try makeEngine(testConfiguration([.preparation]))
        try engine.register(marking("p", in: .preparation))
        var finished: [Int] = []
        let report = await engine.runBatch(Array(0..<6)) { result in finished.append(result.index) }
        #expect(finished.sorted() == Array(0..<6))
        #expect(report.results.count == 6)
    }

    @Test("handlers can be removed, and a duplicate name in one stage is refused")
    func registration() throws {
        let engine = try makeEngine(testConfiguration())
        try engine.register(marking("x", in: .preparation))
        #expect(throws: ConfigurationError.self) { try engine.register(marking("x", in: .preparation)) }
        try engine.register(marking("x", in: .aggregation))
        #expect(engine.removeHandler(named: "x", from: .preparation))
        #expect(!engine.removeHandler(named: "x", from: .preparation))
        #expect(engine.handlerNames[.preparation] == [])
        #expect(engine.handlerNames[.aggregation] == ["x"])
    }

    @Test("a batch streams one result per item with its index")
    func batchResults() async throws {
        var configuration = testConfiguration([.preparation, .finalization])
        configuration.maxItemsInFlight = 3
        let engine = try makeEngine(configuration)
        try engine.register("square", in: .preparation) { context in
            .setting(\.values["square"], to: Double(context.input * context.input))
        }
        let run = engine.run(Array(0..<20), eventBuffering: .bufferingNewest(0))
        var indices: [Int] = []
        for await result in run.results { indices.append(result.index) }
        let report = await run.report()
        #expect(indices.sorted() == Array(0..<20))
        #expect(report.results.map(\.index) == Array(0..<20))
        #expect(report.results.map { $0.state.values["square"] } == (0..<20).map { Double($0 * $0) })
        #expect(report.statistics.total == 20 && report.statistics.succeeded == 20 && report.statistics.active == 0)
        #expect(report.stopReason == nil && report.unstartedIndices.isEmpty)
    }
}
