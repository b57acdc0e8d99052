import StageEngine
import Testing

@Suite("Stage order and dependencies")
struct StagePlanTests {
    @Test("without dependencies the enabled stages run in canonical order")
    func canonicalOrder() throws {
        var configuration = EngineConfiguration()
        configuration.enabledStages = [.finalization, .preparation, .deepAnalysis]
        #expect(try configuration.resolvedStageOrder() == [.preparation, .deepAnalysis, .finalization])
    }

    @Test("a dependency moves a stage after the stage it depends on")
    func dependencyReorders() throws {
        var configuration = EngineConfiguration()
        configuration.enabledStages = [.preparation, .initialAnalysis, .featureExtraction, .finalization]
        configuration.stageDependencies = [.initialAnalysis: [.featureExtraction]]
        #expect(
            try configuration.resolvedStageOrder() == [
                .preparation, .featureExtraction, .initialAnalysis, .finalization,
            ])
    }

    @Test("a cycle is an error naming the stages on it")
    func cycle() {
        var configuration = EngineConfiguration()
        configuration.stageDependencies = [.preparation: [.aggregation], .aggregation: [.preparation]]
        #expect {
            try configuration.validate()
        } throws: { error in
            let error = error as? ConfigurationError
            return error?.code == .dependencyCycle && error?.reason.contains("aggregation") == true
                && error?.reason.contains("preparation") == true
        }
    }

    @Test("a dependency on a disabled stage is an error naming both")
    func disabledDependency() {
        var configuration = EngineConfiguration()
        configuration.enabledStages = [.preparation, .aggregation]
        configuration.stageDependencies = [.aggregation: [.deepAnalysis]]
        #expect {
            try configuration.resolvedStageOrder()
        } throws: { error in
            let error = error as? ConfigurationError
            return error?.code == .disabledDependency && error?.field == "stage_dependencies.aggregation"
                && error?.reason.contains("deep_analysis") == true
        }
    }

    @Test("an empty stage list is an error, raised by the engine before any item starts")
    func emptyStages() {
        var configuration = EngineConfiguration()
        configuration.enabledStages = []
        #expect {
            _ = try makeEngine(configuration)
        } throws: { error in
            (error as? ConfigurationError)?.code == .noStages
        }
    }

    @Test("a dependency in JSON on an unknown stage is an error naming it")
    func unknownDependencyInJSON() {
        let json = #"{"stage_dependencies": {"aggregation": ["mastering"]}}"#
        #expect {
            try EngineConfiguration.decode(fromJSON: .init(json.utf8))
        } throws: { error in
            (error as? ConfigurationError)?.code == .unknownStage && "\(error)".contains("mastering")
        }
    }
}
