import AudioWaveDSP
import Foundation

/// Dynamic complexity: the mean absolute deviation of the short-term loudness (dB) from the track's loudness
/// estimate (Streich, "Music Complexity: a multi-faceted description of audio content", PhD thesis, UPF 2007;
/// essentia `DynamicComplexity`). A steady master reads near 0; music alternating loud and quiet passages reads
/// high — two equally long levels `D` dB apart read exactly `D/2`.
///
/// Short-term loudness: the signal through essentia's "cheap B-curve" high-pass
/// `y[n] = 0.98595·(x[n] − x[n−1]) + 0.9719·y[n−1]` (fixed coefficients, designed for 44.1 kHz: a corner near
/// 200 Hz there), squared, smoothed by a one-pole integrator with a 35 ms time constant, and read at the end of
/// every 200 ms frame, in dB (`10·log10`, floored at −100 dB). The global estimate weights each frame by
/// `0.9^(−dB)` (a frame 10 dB louder weighs 2.87 times more), so it sits near the loud passages.
///
/// Frames at the −100 dB floor at the start and end (digital silence) are left out, which is what essentia
/// documents; essentia 2.1b6 compares against −90 dB and so never trims. A signal that is silent throughout gives
/// complexity 0 and loudness −100 dB, as essentia does. Cost: O(n), one pass.
public struct DynamicComplexity: Sendable, Hashable {
    /// Mean |frame dB − loudness|, in dB.
    public var complexity: Double
    /// The global loudness estimate, in dB relative to full-scale power (not LUFS).
    public var loudnessDecibels: Double

    /// Creates a result from its parts.
    public init(complexity: Double, loudnessDecibels: Double) {
        self.complexity = complexity
        self.loudnessDecibels = loudnessDecibels
    }

    /// The dB value of a frame with (nearly) no energy: power below 1e-10.
    public static let floorDecibels: Double = -100

    /// Dynamic complexity of a mono signal.
    /// - Parameters:
    ///   - samples: mono signal.
    ///   - sampleRate: its rate in Hz.
    ///   - frameSeconds: loudness frame duration (essentia's default 0.2 s).
    /// - Returns: complexity 0 and loudness −100 dB for an empty or silent signal, or one shorter than a frame.
    public static func measure(samples: [Float], sampleRate: Double, frameSeconds: Double = 0.2) -> DynamicComplexity {
        let levels = frameLevels(samples: samples, sampleRate: sampleRate, frameSeconds: frameSeconds)
        var lower = 0
        var upper = levels.count
        while lower < upper, levels[lower] <= floorDecibels + 1e-3 { lower += 1 }
        while upper > lower, levels[upper - 1] <= floorDecibels + 1e-3 { upper -= 1 }
        guard lower < upper else { return DynamicComplexity(complexity: 0, loudnessDecibels: floorDecibels) }
        let kept = levels[lower..<upper]
        // Weights 0.9^(−dB), relative to the loudest frame so that nothing overflows.
        let loudest = kept.max() ?? 0
        var weightSum: Double = 0
        var weighted: Double = 0
        for level in kept {
            let weight = pow(0.9, loudest - level)
            weightSum += weight
            weighted += weight * level
        }
        let loudness = weighted / weightSum
        var deviation: Double = 0
        for level in kept { deviation += abs(level - loudness) }
        return DynamicComplexity(complexity: deviation / Double(kept.count), loudnessDecibels: loudness)
    }

    /// The short-term loudness in dB at the end of each whole frame (`Int(frameSeconds·sampleRate)` samples).
    public static func frameLevels(samples: [Float], sampleRate: Double, frameSeconds: Double = 0.2) -> [Double] {
        let frameLength = Int((frameSeconds * sampleRate).rounded(.down))
        guard sampleRate > 0, frameLength >= 1, samples.count >= frameLength else { return [] }
        let decay = exp(-1 / (0.035 * sampleRate))
        let frames = samples.count / frameLength
        var powers = [Float](repeating: 0, count: frames)
        var previousInput: Double = 0
        var filtered: Double = 0
        var smoothed: Double = 0
        for t in 0..<frames {
            for i in (t * frameLength)..<((t + 1) * frameLength) {
                let x = Double(samples[i])
                filtered = 0.98595 * (x - previousInput) + 0.9719 * filtered
                previousInput = x
                smoothed = decay * smoothed + (1 - decay) * filtered * filtered
            }
            powers[t] = Float(smoothed)
        }
        Decibels.convertPowerToDecibels(&powers, amin: 1e-10, topDecibels: nil)
        return powers.map { Double($0) }
    }
}
