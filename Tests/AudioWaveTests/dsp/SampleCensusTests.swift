import Foundation
import Testing

@testable import AudioWaveDSP

@Suite("SampleCensus tells audio from decoder garbage")
struct SampleCensusTests {
    private func census(_ samples: [Float], channels: Int = 1, block: Int = 4096) -> SampleCensus {
        var census = SampleCensus(channelCount: channels)
        var start = 0
        while start < samples.count {
            let end = min(samples.count, start + block * channels)
            census.add(interleaved: Array(samples[start..<end]) + [9, 9, 9], frameCount: (end - start) / channels)
            start = end
        }
        return census
    }

    private func noise(_ count: Int, seed: UInt64 = 3) -> [Float] {
        var generator = SplitMix(seed: seed)
        return (0..<count).map { _ in Float(generator.nextUnit() * 2 - 1) }
    }

    @Test("samples beyond +60 dBFS in a tenth of the signal are garbage; a single spike is not")
    func hugeSamples() {
        let sine = TestAudio.sine(frequencyHz: 440, sampleRate: 44100, seconds: 2)
        #expect(census(sine).garbageReason == nil)
        #expect(census(sine.map { $0 * 1e30 }).garbageReason == "100% of the non-silent samples lie beyond +60 dBFS")
        var spiked = sine
        spiked[1000] = 1e30
        #expect(census(spiked).hugeCount == 1)
        #expect(census(spiked).garbageReason == nil)
        // Random MP3 frames decode to silence with bursts of huge values: the silence does not hide them.
        var bursts = [Float](repeating: 0, count: 88200)
        for index in stride(from: 0, to: bursts.count, by: 40) { bursts[index] = index % 80 == 0 ? 5e6 : 0.5 }
        #expect(census(bursts).garbageReason == "50% of the non-silent samples lie beyond +60 dBFS")
    }

    @Test("full-scale noise is garbage; a full-scale square tone, loud music and uniform noise are not")
    func fullScaleNoise() {
        let binary = noise(88200).map { $0 < 0 ? Float(-1) : 1 }
        #expect(census(binary).garbageReason == "100% of the non-silent samples are full-scale noise")
        let stereoBinary = noise(88200, seed: 5).map { $0 < 0 ? Float(-1) : 1 }
        #expect(census(stereoBinary, channels: 2).garbageReason != nil)
        let square = (0..<88200).map { ($0 / 20) % 2 == 0 ? Float(1) : -1 }  // 1102.5 Hz at 44.1 kHz
        #expect(census(square).fullScaleCount == 88200)
        #expect(census(square).garbageReason == nil)
        let clippedSine = TestAudio.sine(frequencyHz: 440, sampleRate: 44100, seconds: 2, amplitude: 1.2).map {
            max(-1, min(1, $0))
        }
        #expect(census(clippedSine).garbageReason == nil)
        #expect(census(noise(88200)).garbageReason == nil)  // white noise is audio
        #expect(census([Float](repeating: 0, count: 1000)).garbageReason == nil)  // so is silence
    }

    @Test("counts do not depend on how the decoder cut the blocks; the bit tricks count like comparisons")
    func blockInvariance() {
        var signal = noise(10_000, seed: 9).enumerated().map { $0.offset % 7 == 0 ? $0.element * 2000 : $0.element }
        signal[10] = 0
        signal[11] = -0.0
        signal[12] = .infinity
        signal[13] = 0.999
        signal[14] = -1000
        signal[15] = 1000.0001
        let whole = census(signal, channels: 2, block: 5000)
        #expect(whole.sampleCount == 10_000)
        #expect(whole.nonSilentCount == signal.filter { $0 != 0 }.count)
        #expect(whole.hugeCount == signal.filter { !(abs($0) <= 1000) }.count)
        #expect(whole.fullScaleCount == signal.filter { abs($0) >= 0.999 }.count)
        let changes = (2..<signal.count).filter { (signal[$0].sign == .minus) != (signal[$0 - 2].sign == .minus) }
        #expect(whole.signChangeCount == changes.count && whole.signCheckedCount == 10_000)
        for block in [1, 3, 64, 1000] {
            let split = census(signal, channels: 2, block: block)
            #expect(split.sampleCount == whole.sampleCount && split.hugeCount == whole.hugeCount)
            #expect(split.nonSilentCount == whole.nonSilentCount && split.fullScaleCount == whole.fullScaleCount)
            // Sign changes across a block boundary are not counted: a few per block at most.
            #expect(abs(split.signChangeCount - whole.signChangeCount) <= 10_000 / block / 2 * 2)
        }
    }
}
