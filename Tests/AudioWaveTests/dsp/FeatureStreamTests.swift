import Foundation
import Testing

@testable import AudioWave
@testable import AudioWaveDSP

@Suite("feature stream")
struct FeatureStreamTests {
    /// Feeds `samples` in blocks of varying sizes.
    static func streamed(_ samples: [Float], extractor: FeatureExtractor, tuningFrameLimit: Int = 2584) -> FrameFeatures
    {
        let stream = FeatureStream(extractor: extractor, tuningFrameLimit: tuningFrameLimit)
        var start = 0
        var size = 1
        while start < samples.count {
            let end = min(samples.count, start + size)
            stream.add(samples: Array(samples[start..<end]))
            start = end
            size = size * 3 % 9001 + 1  // 1, 4, 13, 40, … mixed small and large blocks
        }
        return stream.finish()
    }

    static func signal() -> [Float] {
        zip(TestSignals.noise(count: 40000, amplitude: 0.05), TestSignals.sine(frequencyHz: 392, count: 40000))
            .map { $0 + $1 }
    }

    /// `extract(samples:)` is this stream fed one block with the tuning from every frame: uneven blocks must
    /// give exactly the same features (frame completion, sample dropping and padding at block edges).
    @Test(
        "a stream fed in uneven blocks gives the same features as one block (extract(samples:))",
        arguments: [false, true])
    func matchesWholeSignal(harmonicEmphasis: Bool) throws {
        var configuration = FeatureConfiguration()
        configuration.chromaHarmonicEmphasis = harmonicEmphasis
        let extractor = try FeatureExtractor(configuration: configuration)
        let samples = Self.signal()
        let whole = extractor.extract(samples: samples)
        let streamed = Self.streamed(samples, extractor: extractor)
        #expect(streamed.frameCount == whole.frameCount)
        #expect(streamed == whole)
    }

    @Test("past the tuning limit chroma uses the tuning of the first frames, and stays close")
    func tuningLimit() throws {
        let extractor = try FeatureExtractor()
        let samples = Self.signal()
        let whole = extractor.extract(samples: samples)
        let streamed = Self.streamed(samples, extractor: extractor, tuningFrameLimit: 20)
        #expect(streamed.chroma.frameCount == whole.chroma.frameCount)
        #expect(abs(streamed.chroma.tuningCents - whole.chroma.tuningCents) <= 5)
        #expect(streamed.centroid == whole.centroid && streamed.mfcc == whole.mfcc)
    }

    @Test("short, empty and silent streams")
    func edgeCases() throws {
        let extractor = try FeatureExtractor()
        #expect(FeatureStream(extractor: extractor).finish().frameCount == 0)
        let short: [Float] = [0.5, -0.25, 0.125]
        let streamed = Self.streamed(short, extractor: extractor)
        #expect(streamed == extractor.extract(samples: short))
        let silent = Self.streamed([Float](repeating: 0, count: 5000), extractor: extractor)
        #expect(silent.centroid.allSatisfy { $0 == 0 } && silent.chroma.values.allSatisfy { $0 == 0 })
    }
}
