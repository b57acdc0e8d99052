import Foundation

/// Danceability by detrended fluctuation analysis (Streich & Herrera, "Detrended Fluctuation Analysis of Music
/// Signals: Danceability Estimation and further Semantic Characterization", AES 118th Convention, 2005), with
/// essentia's `Danceability` semantics.
///
/// The signal's level (standard deviation of 10 ms blocks) is integrated into a random-walk profile; for block
/// lengths τ from 310 ms to 8.8 s (×1.1 each), `F(τ)` is the root mean square residual of a straight line fitted
/// to each τ-long stretch of the profile, averaged over stretches (what essentia 2.1b6 computes: its residual per
/// stretch is divided by τ). Music with a steady pulse is self-similar only up to the
/// beat period and then stops wandering, so `F` grows slowly with τ: the DFA exponents `α = Δlog F / Δlog(τ+3)`
/// are small and danceability, `1 / mean α`, large. White noise gives α ≈ 0.5 (danceability ≈ 2), steady grooves
/// more (essentia documents 0 to about 3; bare click tracks go higher).
///
/// Cost: O(blocks) per τ — each stretch's residual comes from prefix sums — about 35 τ values, so O(n) overall.
public struct Danceability: Sendable, Hashable {
    /// `1 / mean(α)`, 0 when the signal is too short (under two τ values fit) or a fluctuation is 0.
    public var value: Double
    /// The DFA exponent between consecutive τ values (one fewer than τ values; 0 where τ did not fit).
    public var dfa: [Double]

    /// Creates a result from its parts.
    public init(value: Double, dfa: [Double]) {
        self.value = value
        self.dfa = dfa
    }

    /// The τ values in 10 ms blocks: from `minimumMilliseconds`, multiplied by `multiplier` while
    /// ≤ `maximumMilliseconds`, each truncated to whole blocks. The product is kept in single precision as
    /// essentia does, so the list is the same as essentia's.
    public static func blockCounts(
        minimumMilliseconds: Double = 310, maximumMilliseconds: Double = 8800, multiplier: Double = 1.1
    ) -> [Int] {
        guard minimumMilliseconds > 0, multiplier > 1, maximumMilliseconds >= minimumMilliseconds else { return [] }
        var counts: [Int] = []
        var tau = Float(minimumMilliseconds)
        while tau <= Float(maximumMilliseconds) {
            counts.append(Int(tau / 10))
            tau *= Float(multiplier)
        }
        return counts
    }

    /// Danceability of a mono signal.
    /// - Parameters:
    ///   - samples: mono signal.
    ///   - sampleRate: its rate in Hz (10 ms blocks are `Int(0.01·sampleRate)` samples).
    ///   - minimumMilliseconds, maximumMilliseconds, multiplier: the τ range (essentia's minTau, maxTau,
    ///     tauMultiplier defaults).
    public static func measure(
        samples: [Float], sampleRate: Double, minimumMilliseconds: Double = 310, maximumMilliseconds: Double = 8800,
        multiplier: Double = 1.1
    ) -> Danceability {
        let taus = blockCounts(
            minimumMilliseconds: minimumMilliseconds, maximumMilliseconds: maximumMilliseconds, multiplier: multiplier)
        let blockLength = Int(0.01 * sampleRate)
        guard taus.count >= 2, blockLength >= 2 else { return Danceability(value: 0, dfa: []) }
        let profile = levelProfile(samples, blockLength: blockLength)
        let n = profile.count
        // Prefix sums of y and i·y (double precision): a stretch's regression residual in O(1).
        var sumY = [Double](repeating: 0, count: n + 1)
        var sumYY = sumY
        var sumIY = sumY
        for i in 0..<n {
            let y = profile[i]
            sumY[i + 1] = sumY[i] + y
            sumYY[i + 1] = sumYY[i] + y * y
            sumIY[i + 1] = sumIY[i] + Double(i) * y
        }
        var fluctuations: [Double] = []
        for tau in taus {
            guard n >= tau else { break }
            // essentia steps stretches by τ/50 blocks (at least 1) and divides by (n − τ)/step.
            let step = max(tau / 50, 1)
            let size = Double(tau)
            let meanX = (size - 1) / 2
            let ssxx = size * (size * size - 1) / 12
            var total: Double = 0
            var k = 0
            while k < n - tau {
                let sy = sumY[k + tau] - sumY[k]
                let meanY = sy / size
                let ssyy = (sumYY[k + tau] - sumYY[k]) - sy * meanY
                // Σ (i − k − meanX)(y − meanY) = Σ i·y − (k + meanX)·Σ y.
                let ssxy = (sumIY[k + tau] - sumIY[k]) - (Double(k) + meanX) * sy
                total += max(0, ssyy - ssxy * ssxy / ssxx) / size
                k += step
            }
            fluctuations.append(n == tau ? 0 : (total / (Double(n - tau) / Double(step))).squareRoot())
        }
        var dfa = [Double](repeating: 0, count: taus.count - 1)
        guard fluctuations.count >= 2 else { return Danceability(value: 0, dfa: dfa) }
        var sum: Double = 0
        for i in 0..<(fluctuations.count - 1) {
            guard fluctuations[i + 1] != 0, fluctuations[i] != 0 else {
                return Danceability(value: 0, dfa: [Double](repeating: 0, count: taus.count - 1))
            }
            dfa[i] = log10(fluctuations[i + 1] / fluctuations[i]) / log10(Double(taus[i + 1] + 3) / Double(taus[i] + 3))
            sum += dfa[i]
        }
        let meanExponent = sum / Double(fluctuations.count - 1)
        return Danceability(value: meanExponent > 0 ? 1 / meanExponent : 0, dfa: dfa)
    }

    /// The integrated, mean-removed level: the standard deviation (divisor `m − 1`) of each whole block of
    /// `blockLength` samples, minus their mean, cumulatively summed.
    static func levelProfile(_ samples: [Float], blockLength: Int) -> [Double] {
        let blocks = samples.count / blockLength
        var levels = [Double](repeating: 0, count: blocks)
        for b in 0..<blocks {
            var sum: Double = 0
            var squares: Double = 0
            for i in (b * blockLength)..<((b + 1) * blockLength) {
                let x = Double(samples[i])
                sum += x
                squares += x * x
            }
            let mean = sum / Double(blockLength)
            levels[b] = (max(0, squares - sum * mean) / Double(blockLength - 1)).squareRoot()
        }
        guard !levels.isEmpty else { return [] }
        let mean = levels.reduce(0, +) / Double(blocks)
        var running: Double = 0
        for b in 0..<blocks {
            running += levels[b] - mean
            levels[b] = running
        }
        return levels
    }
}
