import Clocks
import StageEngine
import Testing

@Suite("Partial results and the quality gate")
struct FailurePolicyTests {
    private func pipeline(_ configuration: EngineConfiguration, failing failed: Stage?) throws -> WaveEngine<Int, Track>
    {
        var configuration = configuration
        configuration.maxRetriesPerStage = 0
        let engine = try makeEngine(configuration)
        for stage in configuration.enabledStages {
            if stage == failed {
                try engine.register("broken", in: stage) { _ in throw FakeError(message: "\(stage.rawValue) broke") }
            } else {
                try engine.register(marking(stage.rawValue, in: stage))
            }
        }
        return engine
    }

    @Test("with partial results allowed, a failed stage ends the item partial and finalization still runs")
    func partialAllowed() async throws {
        let engine = try pipeline(testConfiguration(), failing: .deepAnalysis)
        let result = await engine.runOne(1)
        #expect(result.status == .partial)
        #expect(result.state.log == ["preparation", "initial_analysis", "feature_extraction", "finalization"])
        #expect(result.record(for: .deepAnalysis)?.status == .failed)
        #expect(result.record(for: .aggregation)?.status == .skipped)
        #expect(result.record(for: .finalization)?.status == .completed)
        #expect(result.errors.map(\.stage) == [.deepAnalysis])
    }

    @Test("without partial results, a failed stage fails the item and nothing more runs")
    func partialNotAllowed() async throws {
        var configuration = testConfiguration()
        configuration.allowPartialResults = false
        let engine = try pipeline(configuration, failing: .deepAnalysis)
        let result = await engine.runOne(1)
        #expect(result.status == .failed)
        #expect(result.state.log == ["preparation", "initial_analysis", "feature_extraction"])
        #expect(result.record(for: .finalization)?.status == .skipped)
    }

    @Test("a failure in the first stage fails the item even when partial results are allowed")
    func nothingToKeep() async throws {
        let engine = try pipeline(testConfiguration(), failing: .preparation)
        let result = await engine.runOne(1)
        #expect(result.status == .failed)
        #expect(result.state.log.isEmpty)
    }

    @Test("a stage reaching the quality threshold skips to finalization and records why")
    func earlyExit() async throws {
        let engine = try makeEngine(testConfiguration())
        for stage in Stage.allCases {
            try engine.register(marking(stage.rawValue, in: stage, quality: stage == .initialAnalysis ? 0.97 : 0.5))
        }
        let events = EventLog()
        let result = await engine.runOne(1, onEvent: events.sink)
        #expect(result.status == .succeeded)
        #expect(result.earlyExit == EarlyExit(stage: .initialAnalysis, quality: 0.97))
        #expect(result.state.log == ["preparation", "initial_analysis", "finalization"])
        #expect(result.record(for: .featureExtraction)?.status == .skipped)
        #expect(result.record(for: .postProcessing)?.status == .skipped)
        #expect(result.record(for: .finalization)?.status == .completed)
        #expect(events.of(.earlyExit).first?.stage == .initialAnalysis)
        #expect(events.of(.earlyExit).first?.quality == 0.97)
        #expect(
            events.of(.stageSkipped).map(\.stage) == [.featureExtraction, .deepAnalysis, .aggregation, .postProcessing])
        #expect(events.of(.stageSkipped).allSatisfy { $0.reason == "early exit" })
    }

    @Test("the gate is off without progressive mode", arguments: [(false, true), (true, false)])
    func gateOff(progressive: Bool, earlyTermination: Bool) async throws {
        var configuration = testConfiguration()
        configuration.progressiveMode = progressive
        configuration.earlyTerminationOnQuality = earlyTermination
        let engine = try makeEngine(configuration)
        for stage in Stage.allCases { try engine.register(marking(stage.rawValue, in: stage, quality: 0.99)) }
        let result = await engine.runOne(1)
        #expect(result.earlyExit == nil)
        #expect(result.state.log.count == 7)
    }

    @Test("a stage's quality is the lowest its handlers report")
    func stageQualityIsMinimum() async throws {
        let engine = try makeEngine(testConfiguration([.initialAnalysis, .deepAnalysis, .finalization]))
        try engine.register(marking("tempo", in: .initialAnalysis, quality: 0.99))
        try engine.register(marking("key", in: .initialAnalysis, quality: 0.6))
        try engine.register(marking("deep", in: .deepAnalysis))
        try engine.register(marking("final", in: .finalization))
        let result = await engine.runOne(1)
        #expect(result.earlyExit == nil)
        #expect(result.record(for: .initialAnalysis)?.quality == 0.6)
        #expect(result.state.log.contains("deep"))
    }

    @Test("reaching the threshold in the last stage before finalization is not an early exit")
    func nothingLeftToSkip() async throws {
        let engine = try makeEngine(testConfiguration([.preparation, .postProcessing, .finalization]))
        try engine.register(marking("p", in: .preparation))
        try engine.register(marking("post", in: .postProcessing, quality: 1))
        try engine.register(marking("f", in: .finalization))
        let result = await engine.runOne(1)
        #expect(result.earlyExit == nil)
        #expect(result.quality == 1)
    }
}
