import Foundation

/// Deterministic signals for analytic DSP tests.
enum TestSignals {
    /// A sine of `frequencyHz` with peak `amplitude`, `count` samples at `sampleRate`.
    static func sine(frequencyHz: Double, amplitude: Double = 0.5, count: Int, sampleRate: Double = 22050) -> [Float] {
        (0..<count).map { Float(amplitude * sin(2 * Double.pi * frequencyHz * Double($0) / sampleRate)) }
    }

    /// Uniform white noise in `−amplitude...amplitude` from a fixed 64-bit LCG.
    static func noise(count: Int, amplitude: Float = 1, seed: UInt64 = 12345) -> [Float] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return amplitude * (Float(state >> 40) / Float(1 << 24) * 2 - 1)
        }
    }
}
