import AudioWave
import Foundation
import Testing

@Suite("Beats loudness")
struct BeatsLoudnessTests {
    static let sampleRate = 44100.0

    /// A steady sine of amplitude A: each beat's energy is `A²·(a0² + (a1² + a2²)/2) / a0²` (Parseval with the
    /// Blackman-Harris window scaled to sum 2), and all of it lies in the band holding the frequency.
    @Test(arguments: [(1000.0, 2), (80.0, 0), (5000.0, 3)])
    func steadySine(frequencyHz: Double, band: Int) throws {
        let amplitude = 0.5
        let samples = DescriptorSignals.sine(
            frequencyHz: frequencyHz, amplitude: amplitude, seconds: 5, sampleRate: Self.sampleRate)
        let result = try BeatsLoudness.measure(samples: samples, sampleRate: Self.sampleRate, beatTimes: [1, 2, 3])
        let (a0, a1, a2) = (0.44959, 0.49364, 0.05677)
        let expected = amplitude * amplitude * (a0 * a0 + (a1 * a1 + a2 * a2) / 2) / (a0 * a0)
        #expect(result.energies.count == 3)
        for energy in result.energies { #expect(abs(energy - expected) < 0.01 * expected, "\(energy) vs \(expected)") }
        #expect(result.meanBandRatios[band] > 0.99, "\(result.meanBandRatios)")
    }

    /// Clicks on the beats: every beat reads the same energy, and beats between clicks read far less.
    @Test func clicksOnAndOffTheBeat() throws {
        let beats = stride(from: 0.5, to: 9.5, by: 0.5).map { $0 }
        let samples = DescriptorSignals.clicks(at: beats, seconds: 10, sampleRate: Self.sampleRate)
        let on = try BeatsLoudness.measure(samples: samples, sampleRate: Self.sampleRate, beatTimes: beats)
        let off = try BeatsLoudness.measure(
            samples: samples, sampleRate: Self.sampleRate, beatTimes: beats.map { $0 + 0.25 })
        #expect(on.energies.count == beats.count)
        let first = on.energies[0]
        #expect(on.energies.allSatisfy { abs($0 - first) < 1e-4 * first })
        #expect(off.meanEnergy < 0.01 * on.meanEnergy)
    }

    /// Beats whose segment runs past the end are skipped; none gives empty results.
    @Test func edgesAndEmpty() throws {
        let samples = DescriptorSignals.sine(frequencyHz: 440, amplitude: 0.5, seconds: 1, sampleRate: Self.sampleRate)
        let result = try BeatsLoudness.measure(
            samples: samples, sampleRate: Self.sampleRate, beatTimes: [0, 0.5, 0.95])
        #expect(result.beatTimes == [0, 0.5])
        let none = try BeatsLoudness.measure(samples: samples, sampleRate: Self.sampleRate, beatTimes: [])
        #expect(none.energies.isEmpty && none.meanEnergy == 0 && none.meanBandRatios.isEmpty)
        #expect(throws: DSPError.self) {
            try BeatsLoudness.measure(
                samples: samples, sampleRate: Self.sampleRate, beatTimes: [0.5], bandEdgesHz: [100])
        }
    }
}
