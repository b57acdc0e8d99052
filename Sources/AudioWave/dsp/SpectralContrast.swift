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
        var scratch = [Float](repeating: 0, count: widest)
        let s = spectrogram.magnitudes
        for t in 0..<spectrogram.frameCount {
            let base = t * spectrogram.binCount
            for (row, range) in ranges.enumerated() {
                let n = range.count
                for i in 0..<n { scratch[i] = s[base + range.lowerBound + i] }
                let take = min(averagedCounts[row], n)
                valleys[t * rows + row] = Self.meanOfSmallest(take, in: &scratch, count: n)
                peaks[t * rows + row] = Self.meanOfLargest(take, in: &scratch, count: n)
            }
        }
        Decibels.convertPowerToDecibels(&peaks)
        Decibels.convertPowerToDecibels(&valleys)
        for i in peaks.indices { peaks[i] -= valleys[i] }
        return peaks
    }

    /// Mean of the `take` smallest of `values[0..<count]` (reorders them: quickselect).
    static func meanOfSmallest(_ take: Int, in values: inout [Float], count: Int) -> Float {
        select(take - 1, in: &values, count: count)
        var sum: Double = 0
        for i in 0..<take { sum += Double(values[i]) }
        return Float(sum / Double(take))
    }

    /// Mean of the `take` largest of `values[0..<count]` (reorders them: quickselect).
    static func meanOfLargest(_ take: Int, in values: inout [Float], count: Int) -> Float {
        select(count - take, in: &values, count: count)
        var sum: Double = 0
        for i in (count - take)..<count { sum += Double(values[i]) }
        return Float(sum / Double(take))
    }

    /// Partially orders `values[0..<count]` so the element of rank `k` sits at `k`, smaller ones before it
    /// and larger ones after it (Hoare's quickselect with a median-of-three pivot).
    static func select(_ k: Int, in values: inout [Float], count: Int) {
        var low = 0
        var high = count - 1
        while high > low {
            let mid = low + (high - low) / 2
            if values[mid] < values[low] { values.swapAt(mid, low) }
            if values[high] < values[low] { values.swapAt(high, low) }
            if values[high] < values[mid] { values.swapAt(high, mid) }
            let pivot = values[mid]
            var i = low
            var j = high
            while i <= j {
                while values[i] < pivot { i += 1 }
                while values[j] > pivot { j -= 1 }
                if i <= j {
                    values.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            if k <= j {
                high = j
            } else if k >= i {
                low = i
            } else {
                return
            }
        }
    }
}
