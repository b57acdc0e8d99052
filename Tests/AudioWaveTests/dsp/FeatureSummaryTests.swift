import Foundation
import Testing

@testable import AudioWave
@testable import AudioWaveDSP

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
        // Non-finite values are skipped per column; an empty matrix gives zeros.
        let skipping = FeatureSummary.columnMeansAndDeviations([1, .nan, 3, 10, .infinity, 10], dimension: 2)
        #expect(skipping.mean == [2, 10] && skipping.std == [1, 0])
        #expect(FeatureSummary.columnMeansAndDeviations([], dimension: 3) == (mean: [0, 0, 0], std: [0, 0, 0]))
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
        #expect(try JSONDecoder().decode(FeatureConfiguration.self, from: Data("{}".utf8)) == .standard)
        let custom = try JSONDecoder().decode(FeatureConfiguration.self, from: Data(#"{"hop_length":256}"#.utf8))
        #expect(custom.hopLength == 256 && custom.frameLength == 2048)
    }
}

@Suite("other frame grids")
struct FrameGridTests {
    @Test(
        "non-default rates and sizes give consistent shapes and finite values",
        arguments: [(16000.0, 512, 128, 40, 13), (44100.0, 4096, 1024, 96, 20), (22050.0, 1024, 300, 64, 12)])
    func grids(sampleRate: Double, frameLength: Int, hopLength: Int, melBands: Int, mfcc: Int) throws {
        var configuration = FeatureConfiguration()
        configuration.sampleRate = sampleRate
        configuration.frameLength = frameLength
        configuration.hopLength = hopLength
        configuration.melBandCount = melBands
        configuration.mfccCount = mfcc
        let extractor = try FeatureExtractor(configuration: configuration)
        let samples = TestSignals.noise(count: Int(sampleRate), amplitude: 0.3)
        let features = extractor.extract(samples: samples)
        let frames = 1 + samples.count / hopLength
        #expect(features.frameCount == frames)
        for series in [features.centroid, features.rms, features.zeroCrossingRate, features.onsetEnvelope] {
            let count = series.count
            #expect(count == frames)
        }
        #expect(features.mfcc.count == frames * mfcc)
        #expect(features.chroma.frameCount == frames)
        #expect(features.contrast.count == frames * 7)
        let finite = [features.mfcc, features.contrast, features.chroma.values, features.flatness].joined()
            .allSatisfy { $0.isFinite }
        #expect(finite)
        // The streaming path agrees on this grid too.
        let stream = FeatureStream(extractor: extractor)
        stream.add(samples: samples)
        #expect(stream.finish() == features)
    }
}
