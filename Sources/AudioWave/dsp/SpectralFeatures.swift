import Foundation

/// Frame-wise shape descriptors of a magnitude spectrogram, following librosa's `feature.spectral_*`.
///
/// Every function returns one value per frame, is finite for any finite input, and is 0 for a silent
/// frame except flatness (1: a silent frame is perfectly flat, as in librosa).
public enum SpectralFeatures {
    /// Spectral centroid in Hz: `Σ_k f_k·S[k] / Σ_k S[k]` over magnitudes (librosa `spectral_centroid`).
    public static func centroid(of spectrogram: Spectrogram) -> [Float] {
        centroidAndBandwidth(of: spectrogram).centroid
    }

    /// Spectral bandwidth in Hz (p = 2): `√(Σ_k S[k]/ΣS · (f_k − centroid)²)` (librosa `spectral_bandwidth`).
    public static func bandwidth(of spectrogram: Spectrogram) -> [Float] {
        centroidAndBandwidth(of: spectrogram).bandwidth
    }

    /// Centroid and bandwidth (Hz) in one pass over the spectrogram.
    public static func centroidAndBandwidth(of spectrogram: Spectrogram) -> (centroid: [Float], bandwidth: [Float]) {
        let bins = spectrogram.binCount
        let binHz = spectrogram.sampleRate / Double(spectrogram.frameLength)
        var centroids = [Float](repeating: 0, count: spectrogram.frameCount)
        var bandwidths = [Float](repeating: 0, count: spectrogram.frameCount)
        let s = spectrogram.magnitudes
        for t in 0..<spectrogram.frameCount {
            let base = t * bins
            // One pass of moments in double precision: Σ S, Σ k·S, Σ k²·S.
            var total: Double = 0
            var weighted: Double = 0
            var second: Double = 0
            for k in 0..<bins {
                let x = Double(s[base + k])
                let bin = Double(k)
                total += x
                weighted += bin * x
                second += bin * bin * x
            }
            // librosa leaves frames with a total below the smallest normal float unnormalized.
            let norm = total >= Double(Float.leastNormalMagnitude) ? total : 1
            let centroidBins = weighted / norm
            // Σ S·(k − c)² = Σ k²S − 2c·Σ kS + c²·Σ S.
            let spread = max(0, second - 2 * centroidBins * weighted + centroidBins * centroidBins * total)
            centroids[t] = Float(centroidBins * binHz)
            bandwidths[t] = Float((spread / norm).squareRoot() * binHz)
        }
        return (centroids, bandwidths)
    }

    /// Spectral roll-off in Hz: the lowest bin frequency where the cumulative magnitude reaches
    /// `percent` of the frame total (librosa `spectral_rolloff`, default 0.85). 0 for a silent frame.
    public static func rolloff(of spectrogram: Spectrogram, percent: Float = 0.85) -> [Float] {
        let bins = spectrogram.binCount
        let s = spectrogram.magnitudes
        var output = [Float](repeating: 0, count: spectrogram.frameCount)
        for t in 0..<spectrogram.frameCount {
            let base = t * bins
            // Float cumulative sums, summed in bin order like numpy's cumsum.
            var total: Float = 0
            for k in 0..<bins { total += s[base + k] }
            let threshold = percent * total
            var running: Float = 0
            var found = bins - 1
            for k in 0..<bins {
                running += s[base + k]
                if running >= threshold {
                    found = k
                    break
                }
            }
            output[t] = Float(spectrogram.frequencyHz(ofBin: found))
        }
        return output
    }

    /// Spectral flatness (Wiener entropy) of the power spectrum: geometric mean over arithmetic mean of
    /// `max(amin, |X|²)`, in `0...1` (librosa `spectral_flatness`, amin 1e-10). White noise is near 1.
    ///
    /// The geometric mean is taken as the product of blocks of 16 values in double precision, one
    /// logarithm per block, which is exact to rounding for powers within 1e-10...1e19.
    public static func flatness(of spectrogram: Spectrogram, amin: Float = 1e-10) -> [Float] {
        let bins = spectrogram.binCount
        let s = spectrogram.magnitudes
        var output = [Float](repeating: 0, count: spectrogram.frameCount)
        let floor = Double(amin)
        for t in 0..<spectrogram.frameCount {
            let base = t * bins
            var logSum: Double = 0
            var sum: Double = 0
            var k = 0
            while k < bins {
                let end = min(bins, k + 16)
                var product: Double = 1
                while k < end {
                    let x = Double(s[base + k])
                    let power = max(floor, min(x * x, 1e19))
                    product *= power
                    sum += power
                    k += 1
                }
                logSum += log(product)
            }
            let geometric = exp(logSum / Double(bins))
            let arithmetic = sum / Double(bins)
            output[t] = Float(min(1, geometric / arithmetic))
        }
        return output
    }

    /// Spectral flux: the Euclidean distance between consecutive magnitude spectra,
    /// `√(Σ_k (S_t[k] − S_{t−1}[k])²)`, with 0 for the first frame (Essentia `Flux`, norm L2, not rectified).
    public static func flux(of spectrogram: Spectrogram) -> [Float] {
        let bins = spectrogram.binCount
        let s = spectrogram.magnitudes
        var output = [Float](repeating: 0, count: spectrogram.frameCount)
        guard spectrogram.frameCount > 1 else { return output }
        for t in 1..<spectrogram.frameCount {
            let base = t * bins
            var sum: Float = 0
            for k in 0..<bins {
                let d = s[base + k] - s[base - bins + k]
                sum += d * d
            }
            output[t] = sum.squareRoot()
        }
        return output
    }
}
