import Foundation
import Testing

@testable import AudioWave
@testable import AudioWaveIO

@Suite("Resampling with libsoxr")
struct ResamplingTests {
    @Test("a 440 Hz sine stays at 440 Hz within 1 Hz at every analysis rate", arguments: [8000, 16000, 22050, 48000])
    func sineKeepsItsPitch(outputRate: Int) throws {
        let directory = try TestAudio.temporaryDirectory()
        let path = try TestAudio.writeWAV(
            TestAudio.sine(frequencyHz: 440, sampleRate: 44100, seconds: 2), sampleRate: 44100, encoding: .float32,
            to: directory.appendingPathComponent("sine.wav"))
        let decoded = try AudioDecoder.decodeMono(path: path, options: DecodingOptions(sampleRate: outputRate))
        let middle = Array(decoded.samples[(decoded.samples.count / 4)..<(decoded.samples.count * 3 / 4)])
        let frequency = TestAudio.zeroCrossingFrequency(middle, sampleRate: outputRate)
        #expect(abs(frequency - 440) < 1, "measured \(frequency) Hz")
    }

    @Test(
        "length scales with the rate ratio", arguments: [(44100, 22050), (8000, 22050), (96000, 22050), (22050, 11025)])
    func lengthScales(rates: (Int, Int)) throws {
        let directory = try TestAudio.temporaryDirectory()
        let frames = rates.0 * 3
        let path = try TestAudio.writeWAV(
            TestAudio.sine(frequencyHz: 300, sampleRate: rates.0, seconds: 3), sampleRate: rates.0,
            to: directory.appendingPathComponent("sine.wav"))
        let decoded = try AudioDecoder.decodeMono(path: path, options: DecodingOptions(sampleRate: rates.1))
        let expected = Double(frames) * Double(rates.1) / Double(rates.0)
        #expect(abs(Double(decoded.samples.count) - expected) <= 1)
    }

    @Test("resampled amplitude is preserved (no gain, no clipping)")
    func amplitude() throws {
        let directory = try TestAudio.temporaryDirectory()
        let path = try TestAudio.writeWAV(
            TestAudio.sine(frequencyHz: 1000, sampleRate: 48000, seconds: 1, amplitude: 0.5), sampleRate: 48000,
            encoding: .float32, to: directory.appendingPathComponent("sine.wav"))
        let decoded = try AudioDecoder.decodeMono(path: path, options: DecodingOptions(sampleRate: 22050))
        let peak = decoded.samples[2000..<20000].map { abs($0) }.max() ?? 0
        #expect(abs(peak - 0.5) < 0.01)
    }
}
