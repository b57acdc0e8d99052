import AudioWave
import Foundation
import Testing

@Suite("Dynamic complexity")
struct DynamicComplexityTests {
    static let sampleRate = 44100.0

    /// Power gain of the B-curve high-pass `0.98595·(1 − z⁻¹) / (1 − 0.9719·z⁻¹)` at `frequencyHz`.
    static func filterPowerGain(_ frequencyHz: Double) -> Double {
        let w = 2 * Double.pi * frequencyHz / sampleRate
        let numerator = 0.98595 * 0.98595 * (2 - 2 * cos(w))
        let denominator = 1 + 0.9719 * 0.9719 - 2 * 0.9719 * cos(w)
        return numerator / denominator
    }

    /// `levels` (dB offsets) for `seconds` each, a 1 kHz sine at amplitude 0.5 scaled by each.
    static func steps(_ levels: [Double], seconds: Double) -> [Float] {
        levels.flatMap { level in
            DescriptorSignals.sine(
                frequencyHz: 1000, amplitude: 0.5 * pow(10, level / 20), seconds: seconds, sampleRate: sampleRate)
        }
    }

    /// The global estimate and complexity for equal-duration levels, from the definition.
    static func expected(_ levels: [Double]) -> (complexity: Double, offset: Double) {
        let weights = levels.map { pow(0.9, -$0) }
        let offset = zip(weights, levels).map { $0 * $1 }.reduce(0, +) / weights.reduce(0, +)
        return (levels.map { abs($0 - offset) }.reduce(0, +) / Double(levels.count), offset)
    }

    /// A constant-level tone: complexity ≈ 0, loudness = the filtered tone's power in dB.
    @Test func constantToneHasNoComplexity() {
        let samples = Self.steps([0], seconds: 10)
        let result = DynamicComplexity.measure(samples: samples, sampleRate: Self.sampleRate)
        let power = 0.5 * 0.5 / 2 * Self.filterPowerGain(1000)
        #expect(result.complexity < 0.01, "\(result.complexity)")
        #expect(abs(result.loudnessDecibels - 10 * log10(power)) < 0.02, "\(result.loudnessDecibels)")
    }

    /// Two equal halves 10 dB apart: complexity exactly 5 dB, estimate 2.585 dB below the loud half
    /// (weights 0.9^(−dB)); three levels 0, −10, −20 dB: 8.66 dB.
    @Test(arguments: [[0.0, -10.0], [0.0, -10.0, -20.0], [-20.0, 0.0, -10.0]])
    func levelSteps(levels: [Double]) {
        let result = DynamicComplexity.measure(samples: Self.steps(levels, seconds: 4), sampleRate: Self.sampleRate)
        let expected = Self.expected(levels)
        let top = 10 * log10(0.5 * 0.5 / 2 * Self.filterPowerGain(1000))
        #expect(abs(result.complexity - expected.complexity) < 0.05, "\(result.complexity) vs \(expected.complexity)")
        #expect(abs(result.loudnessDecibels - (top + expected.offset)) < 0.05)
    }

    /// Leading digital silence is left out (what essentia documents); after the signal stops, the 35 ms
    /// integrator's decay (−25 dB per frame) still counts until it reaches the −100 dB floor, three frames here.
    /// Silence throughout gives 0 and −100 dB.
    @Test func silenceAtTheEndsIsIgnored() {
        let silence = [Float](repeating: 0, count: Int(2 * Self.sampleRate))
        let leading = silence + Self.steps([0], seconds: 5)
        #expect(DynamicComplexity.measure(samples: leading, sampleRate: Self.sampleRate).complexity < 0.01)
        let trailing = DynamicComplexity.frameLevels(
            samples: Self.steps([0], seconds: 5) + silence, sampleRate: Self.sampleRate)
        #expect(trailing.filter { $0 > -100 + 1e-3 }.count == 25 + 3, "\(trailing.suffix(12))")
        let silent = DynamicComplexity.measure(samples: silence, sampleRate: Self.sampleRate)
        #expect(silent.complexity == 0 && silent.loudnessDecibels == -100)
        #expect(DynamicComplexity.measure(samples: [], sampleRate: Self.sampleRate).loudnessDecibels == -100)
    }
}
