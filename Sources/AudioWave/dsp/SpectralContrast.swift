import Foundation

/// Spectral contrast: per octave sub-band, the level difference in dB between the spectral peak and valley
/// (Jiang et al., "Music type classification by spectral contrast feature", ICME 2002; librosa
/// `feature.spectral_contrast` with `linear=False`).
///
/// Bands are `[0, fmin]`, `[fmin, 2·fmin]`, …, `[fmin·2^(n−1), Nyquist]` — `bandCount + 1` rows per frame.
/// In each band the peak (valley) is the mean of the `max(1, round(quantile · bandSize))` largest (smallest)
/// magnitudes; contrast is `dB(peak) − dB(valley)` with librosa's `power_to_db` (amin 1e-10, top 80 dB of
/// the whole array).
public struct SpectralContrast: Sendable, Hashable {
    /// Number of octave bands above `minimumFrequencyHz`; the output has `bandCount + 1` rows.
    public let bandCount: Int
    /// Upper edge of the first band, in Hz. Default 200.
    public let minimumFrequencyHz: Double
    /// Fraction of each band averaged for peak and valley. Default 0.02.
    public let quantile: Double
    /// Bin ranges of each band (half-open) and how many values are averaged.
    let ranges: [Range<Int>]
    let averagedCounts: [Int]
    /// Number of values per frame, `bandCount + 1`.
    public var rowCount: Int { bandCount + 1 }

    /// Precomputes the band layout for one FFT size.
    /// - Throws: ``DSPError`` `.invalidConfiguration` when a band edge lies above Nyquist or a value is out of range.
    public init(
        bandCount: Int = 6, minimumFrequencyHz: Double = 200, quantile: Double = 0.02, frameLength: Int,
        sampleRate: Double
    ) throws(DSPError) {
        guard bandCount >= 1, minimumFrequencyHz > 0, quantile > 0, quantile < 1 else {
            throw DSPError(.invalidConfiguration, field: "contrast", reason: "need bands ≥ 1, fmin > 0, 0 < quantile < 1")
        }
        guard minimumFrequencyHz * pow(2, Double(bandCount - 1)) < sampleRate / 2 else {
            throw DSPError(.invalidConfiguration, field: "contrast_band_count", reason: "a band edge exceeds Nyquist")
        }
        let bins = frameLength / 2 + 1
        let binHz = sampleRate / Double(frameLength)
        var edges = [0.0]
        for i in 0...bandCount { edges.append(minimumFrequencyHz * pow(2, Double(i))) }
        var ranges: [Range<Int>] = []
        var counts: [Int] = []
        for k in 0...bandCount {
            let inBand = (0..<bins).filter { b in
                let f = Double(b) * binHz
                return f >= edges[k] && f <= edges[k + 1]
            }
            var lower = inBand.first ?? 0
            var upper = (inBand.last ?? 0) + 1
            if k > 0 { lower = max(0, lower - 1) }  // one bin below the band
            if k == bandCount { upper = bins }  // the last band runs to Nyquist
            let selected = upper - lower
            if k < bandCount { upper -= 1 }  // librosa drops the band's top bin except in the last band
            ranges.append(lower..<max(lower + 1, upper))
            counts.append(max(1, Int((quantile * Double(selected)).rounded(.toNearestOrEven))))
        }
        self.bandCount = bandCount
        self.minimumFrequencyHz = minimumFrequencyHz
        self.quantile = quantile
        self.ranges = ranges
        self.averagedCounts = counts
    }

    /// Spectral contrast in dB, frame-major, `frameCount * rowCount` values.
    public func contrast(of spectrogram: Spectrogram) -> [Float] {
        let rows = rowCount
        var peaks = [Float](repeating: 0, count: spectrogram.frameCount * rows)
        var valleys = peaks
        let widest = ranges.map(\.count).max() ?? 1
        var lowCandidates = [Float](repeating: 0, count: widest)
        var highCandidates = [Float](repeating: 0, count: widest)
        let s = spectrogram.magnitudes
        for t in 0..<spectrogram.frameCount {
            let base = t * spectrogram.binCount
            for row in 0..<rows {
                let range = ranges[row]
                let take = min(averagedCounts[row], range.count)
                let extremes = Self.meansOfExtremes(
                    of: s, in: (base + range.lowerBound)..<(base + range.upperBound), take: take,
                    lowCandidates: &lowCandidates, highCandidates: &highCandidates)
                valleys[t * rows + row] = extremes.smallest
                peaks[t * rows + row] = extremes.largest
            }
        }
        Decibels.convertPowerToDecibels(&peaks)
        Decibels.convertPowerToDecibels(&valleys)
        for i in peaks.indices { peaks[i] -= valleys[i] }
        return peaks
    }

    /// Means of the `take` smallest and the `take` largest of `values[range]`.
    ///
    /// Split the range into `take` chunks: their `take` minima are distinct values, so the `take`-th smallest
    /// value is at most the largest chunk minimum (symmetrically for the maxima). A second pass keeps only
    /// values beyond those bounds — usually a handful — and only they are sorted. Two branch-light passes
    /// instead of a sort per band.
    static func meansOfExtremes(
        of values: [Float], in range: Range<Int>, take: Int, lowCandidates: inout [Float],
        highCandidates: inout [Float]
    ) -> (smallest: Float, largest: Float) {
        let n = range.count
        precondition(take >= 1 && take <= n && lowCandidates.count >= n && highCandidates.count >= n)
        var lowBound = -Float.infinity
        var highBound = Float.infinity
        for chunk in 0..<take {
            let lower = range.lowerBound + chunk * n / take
            let upper = range.lowerBound + (chunk + 1) * n / take
            var minimum = values[lower]
            var maximum = values[lower]
            for i in lower..<upper {
                minimum = min(minimum, values[i])
                maximum = max(maximum, values[i])
            }
            lowBound = max(lowBound, minimum)
            highBound = min(highBound, maximum)
        }
        var lowCount = 0
        var highCount = 0
        for i in range {
            let x = values[i]
            if x <= lowBound {
                lowCandidates[lowCount] = x
                lowCount += 1
            }
            if x >= highBound {
                highCandidates[highCount] = x
                highCount += 1
            }
        }
        let low = lowCandidates[0..<lowCount].sorted()
        let high = highCandidates[0..<highCount].sorted(by: >)
        var smallSum: Double = 0
        var largeSum: Double = 0
        for i in 0..<take {
            smallSum += Double(low[i])
            largeSum += Double(high[i])
        }
        return (Float(smallSum / Double(take)), Float(largeSum / Double(take)))
    }
}
