import AudioWave
import Foundation
import Testing

@Suite("Danceability")
struct DanceabilityTests {
    /// White noise has an uncorrelated level, so its integrated profile is a random walk: DFA exponent ≈ 0.5 and
    /// danceability ≈ 2. A steady groove's level repeats every beat, so its profile stops wandering beyond the
    /// beat period: smaller exponents, higher danceability.
    @Test func noiseNearTwoAndGrooveAbove() {
        let sampleRate = 22050.0
        let noise = Danceability.measure(
            samples: DescriptorSignals.noise(count: Int(30 * sampleRate)), sampleRate: sampleRate)
        let groove = Danceability.measure(
            samples: DescriptorSignals.groove(bpm: 120, seconds: 30, sampleRate: sampleRate), sampleRate: sampleRate)
        #expect(abs(noise.value - 2) < 0.3, "noise \(noise.value)")
        #expect(groove.value > noise.value + 0.5, "groove \(groove.value), noise \(noise.value)")
        #expect(noise.dfa.count == Danceability.blockCounts().count - 1)
    }

    /// essentia's τ list: 310 ms ×1.1 up to 8.8 s, in 10 ms blocks.
    @Test func blockCountsFollowEssentia() {
        let counts = Danceability.blockCounts()
        #expect(counts.prefix(5) == [31, 34, 37, 41, 45])
        #expect(counts.count == 36)
        #expect((counts.last ?? 0) <= 880)
    }

    /// Too short for two τ values, or silent: 0.
    @Test func shortOrSilentIsZero() {
        #expect(Danceability.measure(samples: DescriptorSignals.noise(count: 4410), sampleRate: 22050).value == 0)
        #expect(Danceability.measure(samples: [Float](repeating: 0, count: 220500), sampleRate: 22050).value == 0)
        #expect(Danceability.measure(samples: [], sampleRate: 22050).value == 0)
    }
}
