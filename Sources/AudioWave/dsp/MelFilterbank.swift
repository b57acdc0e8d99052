import Foundation

/// A bank of triangular mel filters on the Slaney scale with area normalization (librosa's defaults:
/// `filters.mel(htk=False, norm="slaney")`), applied to power spectra.
///
/// The Slaney scale is linear below 1 kHz (`mel = f / (200/3)`) and logarithmic above
/// (`mel = 15 + ln(f / 1000) / (ln 6.4 / 27)`); filter `m` rises from mel point `m` to `m+1` and falls to `m+2`,
/// scaled by `2 / (f[m+2] − f[m])`. Reference: Slaney, Auditory Toolbox (1998); librosa `filters.mel`.
/// Weights are stored sparsely (each filter's non-zero run), so applying the bank costs about two
/// multiply-adds per FFT bin.
public struct MelFilterbank: Sendable, Hashable {
    /// Number of mel bands.
    public let bandCount: Int
    /// Number of FFT bins each filter spans, `frameLength / 2 + 1`.
    public let binCount: Int
    /// First non-zero bin of each band.
    let firstBins: [Int]
    /// Offset of each band's weights in `weights`; `weightOffsets[bandCount]` is the total.
    let weightOffsets: [Int]
    /// Concatenated non-zero weights of every band.
    let weights: [Float]

    /// Builds the filterbank.
    /// - Parameters:
    ///   - bandCount: number of mel bands (≥ 1). Default 128.
    ///   - frameLength: FFT size in samples.
    ///   - sampleRate: sample rate in Hz.
    ///   - minimumFrequencyHz: lowest filter edge in Hz. Default 0.
    ///   - maximumFrequencyHz: highest filter edge in Hz; `nil` means `sampleRate / 2`.
    public init(
        bandCount: Int = 128, frameLength: Int, sampleRate: Double, minimumFrequencyHz: Double = 0,
        maximumFrequencyHz: Double? = nil
    ) {
        let bins = frameLength / 2 + 1
        let fmax = maximumFrequencyHz ?? sampleRate / 2
        let melMin = Self.melFromHz(minimumFrequencyHz)
        let melMax = Self.melFromHz(fmax)
        let points = (0..<(bandCount + 2)).map { i in
            Self.hzFromMel(melMin + (melMax - melMin) * Double(i) / Double(bandCount + 1))
        }
        var firstBins: [Int] = []
        var offsets: [Int] = [0]
        var weights: [Float] = []
        for m in 0..<bandCount {
            let lowerWidth = points[m + 1] - points[m]
            let upperWidth = points[m + 2] - points[m + 1]
            let norm = 2.0 / (points[m + 2] - points[m])
            var first = -1
            var run: [Float] = []
            for k in 0..<bins {
                let f = Double(k) * sampleRate / Double(frameLength)
                let lower = (f - points[m]) / lowerWidth
                let upper = (points[m + 2] - f) / upperWidth
                let weight = max(0, min(lower, upper)) * norm
                if weight > 0 {
                    if first < 0 { first = k }
                    // Zeros inside a run cannot occur for a triangle, but keep the layout contiguous anyway.
                    run.append(contentsOf: [Float](repeating: 0, count: k - first - run.count))
                    run.append(Float(weight))
                }
            }
            firstBins.append(max(first, 0))
            weights.append(contentsOf: run)
            offsets.append(weights.count)
        }
        self.bandCount = bandCount
        self.binCount = bins
        self.firstBins = firstBins
        self.weightOffsets = offsets
        self.weights = weights
    }

    /// Slaney mel of a frequency in Hz.
    public static func melFromHz(_ hz: Double) -> Double {
        let linearStep = 200.0 / 3.0
        let logStep = log(6.4) / 27.0
        return hz >= 1000 ? 15.0 + log(hz / 1000.0) / logStep : hz / linearStep
    }

    /// Frequency in Hz of a Slaney mel value.
    public static func hzFromMel(_ mel: Double) -> Double {
        let linearStep = 200.0 / 3.0
        let logStep = log(6.4) / 27.0
        return mel >= 15 ? 1000.0 * exp(logStep * (mel - 15.0)) : linearStep * mel
    }

    /// The weight of `bin` in `band` (zero outside the filter).
    public func weight(band: Int, bin: Int) -> Float {
        let index = bin - firstBins[band]
        let start = weightOffsets[band]
        guard index >= 0, start + index < weightOffsets[band + 1] else { return 0 }
        return weights[start + index]
    }

    /// The mel power spectrogram: `mel[t, m] = Σ_k w[m, k] · |X[t, k]|²`.
    /// - Parameter spectrogram: magnitudes whose `binCount` equals this bank's.
    /// - Returns: frame-major values, `frameCount * bandCount`.
    public func melPower(of spectrogram: Spectrogram) -> [Float] {
        precondition(spectrogram.binCount == binCount, "spectrogram and filterbank sizes differ")
        var output = [Float](repeating: 0, count: spectrogram.frameCount * bandCount)
        for t in 0..<spectrogram.frameCount {
            apply(magnitudes: spectrogram.magnitudes, frameOffset: t * binCount, into: &output, at: t * bandCount)
        }
        return output
    }

    /// Applies the bank to one frame of magnitudes (squared on the fly).
    func apply(magnitudes: [Float], frameOffset: Int, into output: inout [Float], at outputOffset: Int) {
        for m in 0..<bandCount {
            let start = weightOffsets[m]
            let base = frameOffset + firstBins[m] - start
            var sum: Float = 0
            for w in start..<weightOffsets[m + 1] {
                let x = magnitudes[base + w]
                sum += weights[w] * x * x
            }
            output[outputOffset + m] = sum
        }
    }
}
