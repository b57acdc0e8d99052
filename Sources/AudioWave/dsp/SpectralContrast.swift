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

    /// Per-file buffers: peaks and valleys of every frame, candidates of one band.
    struct Workspace {
        var peaks: [Float]
        var valleys: [Float]
        var lowCandidates: [Float]
        var highCandidates: [Float]

        init(contrast: SpectralContrast, frameCapacity: Int) {
            peaks = []
            peaks.reserveCapacity(frameCapacity * contrast.rowCount)
            valleys = peaks
            let widest = contrast.ranges.map(\.count).max() ?? 1
            lowCandidates = [Float](repeating: 0, count: widest)
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
            // Plain comparisons (not Swift.min/max, which order NaNs) compile to minss/maxss; four independent
            // chains keep the processor from waiting on each comparison's result.
            var min0 = values[lower], min1 = min0, min2 = min0, min3 = min0
            var max0 = min0, max1 = min0, max2 = min0, max3 = min0
            var i = lower
            while i + 4 <= upper {
                let a = values[i], b = values[i + 1], c = values[i + 2], d = values[i + 3]
                min0 = a < min0 ? a : min0
                min1 = b < min1 ? b : min1
                min2 = c < min2 ? c : min2
                min3 = d < min3 ? d : min3
                max0 = a > max0 ? a : max0
                max1 = b > max1 ? b : max1
                max2 = c > max2 ? c : max2
                max3 = d > max3 ? d : max3
                i += 4
            }
            while i < upper {
                let x = values[i]
                min0 = x < min0 ? x : min0
                max0 = x > max0 ? x : max0
                i += 1
            }
            min0 = min1 < min0 ? min1 : min0
            min2 = min3 < min2 ? min3 : min2
            max0 = max1 > max0 ? max1 : max0
            max2 = max3 > max2 ? max3 : max2
            let minimum = min2 < min0 ? min2 : min0
            let maximum = max2 > max0 ? max2 : max0
            lowBound = minimum > lowBound ? minimum : lowBound
            highBound = maximum < highBound ? maximum : highBound
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
        // Usually a handful of candidates: partial insertion sorts in place, no allocation.
        Self.moveSmallestToFront(take, of: &lowCandidates, count: lowCount, ascending: true)
        Self.moveSmallestToFront(take, of: &highCandidates, count: highCount, ascending: false)
        var smallSum: Double = 0
        var largeSum: Double = 0
        for i in 0..<take {
            smallSum += Double(lowCandidates[i])
            largeSum += Double(highCandidates[i])
        }
        return (Float(smallSum / Double(take)), Float(largeSum / Double(take)))
    }

    /// Orders the first `take` of `values[0..<count]` (ascending, or descending when `ascending` is false) so they
    /// are the `take` most extreme, by insertion into a sorted prefix.
    static func moveSmallestToFront(_ take: Int, of values: inout [Float], count: Int, ascending: Bool) {
        func before(_ a: Float, _ b: Float) -> Bool { ascending ? a < b : a > b }
        for i in 1..<max(1, count) {
            let x = values[i]
            let limit = min(i, take)
            // Skip values that cannot enter the sorted prefix of length `take`.
            if i >= take, !before(x, values[take - 1]) { continue }
            var j = limit
            if j == take { j -= 1 }  // the last prefix slot is overwritten
            while j > 0, before(x, values[j - 1]) {
                values[j] = values[j - 1]
                j -= 1
            }
            values[j] = x
        }
    }
}
