import Foundation
import Testing

@testable import AudioWave
@testable import AudioWaveDSP

@Suite("loudness meter (EBU R 128)")
struct LoudnessMeterTests {
    /// Interleaved stereo 1 kHz sine, peak `dbfs` in both channels, at 48 kHz.
    static func stereoSine(dbfs: Double, seconds: Double) -> [Float] {
        let amplitude = pow(10, dbfs / 20)
        let count = Int(48000 * seconds)
        var interleaved = [Float](repeating: 0, count: 2 * count)
        for i in 0..<count {
            let x = Float(amplitude * sin(2 * Double.pi * 1000 * Double(i) / 48000))
            interleaved[2 * i] = x
            interleaved[2 * i + 1] = x
        }
        return interleaved
    }

    @Test("EBU Tech 3341 case 1: stereo 1 kHz sine at −23 dBFS measures −23.0 ± 0.1 LUFS")
    func tech3341Case1() throws {
        let meter = try LoudnessMeter(channelCount: 2, sampleRate: 48000)
        let signal = Self.stereoSine(dbfs: -23, seconds: 5)  // steady: 5 s measure as 20 s do
        // Fed in decoder-sized blocks.
        for start in stride(from: 0, to: signal.count, by: 8192) {
            meter.add(interleaved: Array(signal[start..<min(signal.count, start + 8192)]))
        }
        let loudness = meter.result()
        let integrated = try #require(loudness.integratedLUFS)
        #expect(abs(integrated + 23) <= 0.1, "\(integrated) LUFS")
        #expect(loudness.loudnessRangeLU < 0.5)
        #expect(abs((loudness.samplePeakDBFS ?? 0) + 23) < 0.05)
        #expect((loudness.truePeakDBTP ?? -100) >= (loudness.samplePeakDBFS ?? 0) - 0.01)
    }

    @Test("a 6 dB quieter signal measures 6 LU lower")
    func relativeLevel() throws {
        let meter = try LoudnessMeter(channelCount: 2, sampleRate: 48000)
        meter.add(interleaved: Self.stereoSine(dbfs: -29, seconds: 5))
        #expect(abs((meter.result().integratedLUFS ?? 0) + 29) <= 0.1)
    }

    @Test("silence has no integrated loudness or peak, and its JSON holds no NaN or infinity")
    func silence() throws {
        let meter = try LoudnessMeter(channelCount: 1, sampleRate: 44100)
        meter.add(interleaved: [Float](repeating: 0, count: 44100 * 3))
        let loudness = meter.result()
        #expect(loudness.integratedLUFS == nil && loudness.samplePeakDBFS == nil && loudness.truePeakDBTP == nil)
        #expect(loudness.loudnessRangeLU == 0)
        let json = String(decoding: try JSONEncoder().encode(loudness), as: UTF8.self)
        #expect(json.contains("\"loudness_range_lu\":0") && !json.lowercased().contains("nan"))
    }

    @Test("NaN samples count as silence rather than poisoning the measurement")
    func nonFiniteSamples() throws {
        let meter = try LoudnessMeter(channelCount: 2, sampleRate: 48000)
        var signal = Self.stereoSine(dbfs: -23, seconds: 5)
        signal[1001] = .nan
        meter.add(interleaved: signal)
        let integrated = try #require(meter.result().integratedLUFS)
        #expect(abs(integrated + 23) <= 0.1)
    }

    @Test("only the first frameCount frames of a reused decoder buffer are measured")
    func partialBlocks() throws {
        let meter = try LoudnessMeter(channelCount: 2, sampleRate: 48000)
        let signal = Self.stereoSine(dbfs: -23, seconds: 4)
        var block = [Float](repeating: 0.9, count: 2 * 5000)  // stale loud samples past each block's end
        for start in stride(from: 0, to: signal.count, by: 2 * 3000) {
            let count = min(2 * 3000, signal.count - start)
            block.replaceSubrange(0..<count, with: signal[start..<(start + count)])
            meter.add(interleaved: block, frameCount: count / 2)
        }
        let loudness = meter.result()
        #expect(abs((loudness.integratedLUFS ?? 0) + 23) <= 0.1)
        #expect(abs((loudness.samplePeakDBFS ?? 0) + 23) < 0.05)
    }

    @Test("unsupported layouts are rejected")
    func invalidLayout() {
        #expect(throws: DSPError.self) { try LoudnessMeter(channelCount: 0, sampleRate: 48000) }
        #expect(throws: DSPError.self) { try LoudnessMeter(channelCount: 2, sampleRate: 0) }
    }
}
