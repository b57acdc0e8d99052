import Foundation
import Testing

@testable import AudioWave

@Suite("feature summaries and configuration")
struct FeatureSummaryTests {
    @Test("summaries follow numpy: population std, linearly interpolated percentiles")
    func numpyConventions() {
        let summary = FeatureSummary.summarize((1...10).map(Float.init))
        #expect(summary.count == 10)
        #expect(summary.mean == 5.5)
        #expect(abs(summary.std - 2.8722813232690143) < 1e-12)
        #expect(summary.min == 1 && summary.max == 10)
        #expect(summary.median == 5.5)
        #expect(abs(summary.p10 - 1.9) < 1e-12)
        #expect(abs(summary.p90 - 9.1) < 1e-12)
    }

    @Test("non-finite values are skipped and an empty series is all zeros")
    func nonFinite() throws {
        #expect(FeatureSummary.summarize([]) == .empty)
        #expect(FeatureSummary.summarize([.nan, .infinity]) == .empty)
        #expect(FeatureSummary.summarize([2, .nan, 4]).mean == 3)
        let json = String(decoding: try JSONEncoder().encode(FeatureSummary.summarize([.nan])), as: UTF8.self)
        #expect(!json.contains("nan") && !json.contains("inf"))
    }

    @Test("column means and deviations of a frame-major matrix")
    func columns() {
        let result = FeatureSummary.columnMeansAndDeviations([1, 10, 3, 10], dimension: 2)
        #expect(result.mean == [2, 10])
        #expect(result.std == [1, 0])
    }

    @Test("a configuration with a bad field is rejected naming that field")
    func validation() {
        var configuration = FeatureConfiguration()
        configuration.hopLength = 0
        #expect { try configuration.validate() } throws: { ($0 as? DSPError)?.field == "hop_length" }
        configuration = FeatureConfiguration()
        configuration.mfccCount = 200
        #expect { try FeatureExtractor(configuration: configuration) } throws: {
            ($0 as? DSPError)?.field == "mfcc_count"
        }
        #expect(throws: Never.self) { try FeatureConfiguration.standard.validate() }
    }

    @Test("the configuration encodes with snake_case keys and round-trips")
    func configurationCoding() throws {
        let data = try JSONEncoder().encode(FeatureConfiguration.standard)
        let json = String(decoding: data, as: UTF8.self)
        #expect(json.contains("\"hop_length\":512") && json.contains("\"mel_band_count\":128"))
        #expect(try JSONDecoder().decode(FeatureConfiguration.self, from: data) == .standard)
    }
}
