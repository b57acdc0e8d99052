import AudioWave
import Foundation
import Testing

/// essentia's descriptor values on the fixtures, from `Resources/descriptors/essentia_reference.json`
/// (made once by `scripts/make_essentia_reference.py`; the file records essentia's version and parameters).
struct EssentiaDescriptorReference: Decodable {
    /// essentia on the file decoded at its own rate (no resampling), for the algorithms that take a rate.
    struct Native: Decodable {
        let sampleRate: Double
        let sampleCount: Int
        let danceability: Double
        let dynamicComplexity: Double
        let loudnessDb: Double
        let beatsLoudness: [Double]
        let beatsLoudnessBandRatio: [[Double]]
    }

    struct Fixture: Decodable {
        let path: String
        let sampleCount: Int
        let onsetRate: Double
        let onsetTimes: [Double]
        let danceability: Double
        let dfa: [Double]
        let dynamicComplexity: Double
        let loudnessDb: Double
        let beats: [Double]
        let beatsLoudness: [Double]
        let beatsLoudnessBandRatio: [[Double]]
        let native: Native
    }

    let essentiaVersion: String
    let fixtures: [Fixture]

    /// The reference file, decoded.
    static func load() throws -> EssentiaDescriptorReference {
        let url = try #require(
            Bundle.module.url(
                forResource: "essentia_reference", withExtension: "json", subdirectory: "Resources/descriptors"))
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(EssentiaDescriptorReference.self, from: Data(contentsOf: url))
    }

    /// The fixture decoded as the reference was: mono at 44100 Hz (AudioDecoder resamples with soxr, essentia
    /// with its own resampler; the counts can differ by a sample).
    static func samples(of fixture: Fixture) throws -> [Float] {
        try AudioDecoder.decodeMono(path: TestAudio.fixture(fixture.path), options: DecodingOptions(sampleRate: 44100))
            .samples
    }

    /// The fixture decoded at its own rate, as the `native` block was.
    static func nativeSamples(of fixture: Fixture) throws -> (samples: [Float], sampleRate: Double) {
        let decoded = try AudioDecoder.decodeMono(
            path: TestAudio.fixture(fixture.path), options: DecodingOptions(sampleRate: nil))
        return (decoded.samples, Double(decoded.sampleRate))
    }
}
