import Foundation
import Testing

@testable import AudioWave

@Suite("a report's scope says where its sections come from")
struct ReportScopeTests {
    @Test("without aggregation the features are still the full track's, as the scope says")
    func featuresWithoutAggregation() async throws {
        let samples = clickTrack(bpm: 120, seconds: 14, sampleRate: 22050)
        var configuration = AnalysisConfiguration(excerptSeconds: 5)
        configuration.engine.earlyTerminationOnQuality = false
        let full = await (try AudioAnalyzer(configuration: configuration)).analyze(
            samples: samples, sampleRate: 22050, name: "c")
        configuration.engine.enabledStages.removeAll { $0 == .aggregation }
        let skipped = await (try AudioAnalyzer(configuration: configuration)).analyze(
            samples: samples, sampleRate: 22050, name: "c")
        #expect(full.analysisScope == .full && skipped.analysisScope == .full)
        let features = try #require(skipped.features)
        #expect(features == full.features, "the excerpt's 5 s features were reported as the whole file's")
    }
}
