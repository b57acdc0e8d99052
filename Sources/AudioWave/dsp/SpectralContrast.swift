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
            throw DSPError(
                .invalidConfiguration, field: "contrast", reason: "need bands ≥ 1, fmin > 0, 0 < quantile < 1")
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
        var workspace = Workspace(contrast: self, frameCapacity: spectrogram.frameCount)
        for t in 0..<spectrogram.frameCount {
            accumulate(frame: spectrogram.magnitudes, base: t * spectrogram.binCount, into: &workspace)
        }
        return workspace.finish()
    }

    /// Per-file buffers: peaks and valleys of every frame, the extremes kept while one band is scanned.
    struct Workspace {
        var peaks: [Float]
        var valleys: [Float]
        var lowCandidates: [Float]
        var highCandidates: [Float]

        init(contrast: SpectralContrast, frameCapacity: Int) {
            peaks = []
            peaks.reserveCapacity(frameCapacity * contrast.rowCount)
            valleys = peaks
            let most = contrast.averagedCounts.max() ?? 1
            lowCandidates = [Float](repeating: 0, count: most)
            highCandidates = lowCandidates
        }

        /// `dB(peak) − dB(valley)` with `power_to_db` over each whole array (top 80 dB), as librosa does.
        mutating func finish() -> [Float] {
            Decibels.convertPowerToDecibels(&peaks)
            Decibels.convertPowerToDecibels(&valleys)
            for i in peaks.indices { peaks[i] -= valleys[i] }
            return peaks
        }
    }

    /// Appends the peak and valley of every band of one frame (magnitudes at `base`).
    @inline(__always)
    func accumulate(frame s: [Float], base: Int, into workspace: inout Workspace) {
        let rows = rowCount
        for row in 0..<rows {
            let range = ranges[row]
            let take = min(averagedCounts[row], range.count)
            let extremes = Self.meansOfExtremes(
                of: s, in: (base + range.lowerBound)..<(base + range.upperBound), take: take,
                lowCandidates: &workspace.lowCandidates, highCandidates: &workspace.highCandidates)
            workspace.valleys.append(extremes.smallest)
            workspace.peaks.append(extremes.largest)
        }
    }

    /// Means of the `take` smallest and the `take` largest of `values[range]`.
    ///
    /// Each set is kept sorted in the first `take` slots of `lowCandidates` / `highCandidates` while one pass
    /// offers it every value; a value enters only when it beats the set's last. A magnitude spectrum mostly falls
    /// with frequency, so the largest values are offered from the band's bottom up and the smallest from its top
    /// down: after the first few values nearly every one loses a single well-predicted comparison, where one pass
    /// upwards made almost every value of a falling band walk into the smallest set (profiled: 9.5% of a full
    /// analysis). For `take` = 1 (the four lowest bands at the defaults) it is a plain minimum and maximum. Exact:
    /// the same values as sorting the band (test); the sums run over the sorted sets either way.
    static func meansOfExtremes(
        of values: [Float], in range: Range<Int>, take: Int, lowCandidates low: inout [Float],
        highCandidates high: inout [Float]
    ) -> (smallest: Float, largest: Float) {
        precondition(take >= 1 && take <= range.count && low.count >= take && high.count >= take)
        let first = range.lowerBound
        if take == 1 {
            // Plain comparisons (not Swift.min/max, which order NaNs) compile to minss/maxss.
            var smallest = values[first]
            var largest = smallest
            for i in range {
                let x = values[i]
                smallest = x < smallest ? x : smallest
                largest = x > largest ? x : largest
            }
            return (smallest, largest)
        }
        let last = range.upperBound - 1
        for j in 0..<take {
            low[j] = values[last - j]
            high[j] = values[first + j]
        }
        Self.insertionSort(&low, count: take, ascending: true)
        Self.insertionSort(&high, count: take, ascending: false)
        var highLast = high[take - 1]
        for i in (first + take)..<range.upperBound {
            let x = values[i]
            if x > highLast {
                var j = take - 1
                while j > 0, x > high[j - 1] {
                    high[j] = high[j - 1]
                    j -= 1
                }
                high[j] = x
                highLast = high[take - 1]
            }
        }
        var lowLast = low[take - 1]
        for i in stride(from: last - take, through: first, by: -1) {
            let x = values[i]
            if x < lowLast {
                var j = take - 1
                while j > 0, x < low[j - 1] {
                    low[j] = low[j - 1]
                    j -= 1
                }
                low[j] = x
                lowLast = low[take - 1]
            }
        }
        var smallSum: Double = 0
        var largeSum: Double = 0
        for i in 0..<take {
            smallSum += Double(low[i])
            largeSum += Double(high[i])
        }
        return (Float(smallSum / Double(take)), Float(largeSum / Double(take)))
    }

    /// Sorts `values[0..<count]` in place (ascending, or descending when `ascending` is false).
    static func insertionSort(_ values: inout [Float], count: Int, ascending: Bool) {
        for i in 1..<max(1, count) {
            let x = values[i]
            var j = i
            while j > 0, ascending ? x < values[j - 1] : x > values[j - 1] {
                values[j] = values[j - 1]
                j -= 1
            }
            values[j] = x
        }
    }
}
