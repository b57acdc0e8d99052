import Foundation

/// Frame-wise shape descriptors of a magnitude spectrogram, following librosa's `feature.spectral_*`.
///
/// Every function returns one value per frame, is finite for any finite input, and is 0 for a silent
/// frame except flatness (1: a silent frame is perfectly flat, as in librosa). Each has a per-frame kernel
/// (`frame` = `binCount` magnitudes starting at `base`) that ``FeatureExtractor`` runs while a frame is in cache.
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
        var centroids = [Float](repeating: 0, count: spectrogram.frameCount)
        var bandwidths = [Float](repeating: 0, count: spectrogram.frameCount)
        let binHz = spectrogram.sampleRate / Double(spectrogram.frameLength)
        for t in 0..<spectrogram.frameCount {
            (centroids[t], bandwidths[t]) = centroidAndBandwidth(
                frame: spectrogram.magnitudes, base: t * spectrogram.binCount, bins: spectrogram.binCount,
                binHz: binHz)
        }
        return (centroids, bandwidths)
    }

    /// Spectral roll-off in Hz: the lowest bin frequency where the cumulative magnitude reaches
    /// `percent` of the frame total (librosa `spectral_rolloff`, default 0.85). 0 for a silent frame.
    public static func rolloff(of spectrogram: Spectrogram, percent: Float = 0.85) -> [Float] {
        let binHz = Float(spectrogram.sampleRate / Double(spectrogram.frameLength))
        return (0..<spectrogram.frameCount).map { t in
            rolloff(
                frame: spectrogram.magnitudes, base: t * spectrogram.binCount, bins: spectrogram.binCount,
                percent: percent, binHz: binHz)
        }
    }

    /// Spectral flatness (Wiener entropy) of the power spectrum: geometric mean over arithmetic mean of
    /// `max(amin, |X|²)`, in `0...1` (librosa `spectral_flatness`, amin 1e-10). White noise is near 1
    /// on average over frames (a single periodogram of white noise gives about e^−γ ≈ 0.56).
    public static func flatness(of spectrogram: Spectrogram, amin: Float = 1e-10) -> [Float] {
        (0..<spectrogram.frameCount).map { t in
            flatness(frame: spectrogram.magnitudes, base: t * spectrogram.binCount, bins: spectrogram.binCount, amin: amin)
        }
    }

    /// Spectral flux: the Euclidean distance between consecutive magnitude spectra,
    /// `√(Σ_k (S_t[k] − S_{t−1}[k])²)`, with 0 for the first frame (Essentia `Flux`, norm L2, not rectified).
    public static func flux(of spectrogram: Spectrogram) -> [Float] {
        let bins = spectrogram.binCount
        return (0..<spectrogram.frameCount).map { t in
            t == 0 ? 0 : flux(frame: spectrogram.magnitudes, base: t * bins, previousBase: (t - 1) * bins, bins: bins)
        }
    }

    // MARK: Per-frame kernels

    /// Centroid and bandwidth of `frame[base ..< base + bins]`, in Hz.
    @inline(__always)
    static func centroidAndBandwidth(frame s: [Float], base: Int, bins: Int, binHz: Double) -> (Float, Float) {
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
        let centroid = weighted / norm
        // Σ S·(k − c)² = Σ k²S − 2c·Σ kS + c²·Σ S.
        let spread = max(0, second - 2 * centroid * weighted + centroid * centroid * total)
        return (Float(centroid * binHz), Float((spread / norm).squareRoot() * binHz))
    }

    /// Roll-off of one frame, in Hz. Float cumulative sums in bin order, like numpy's `cumsum`.
    @inline(__always)
    static func rolloff(frame s: [Float], base: Int, bins: Int, percent: Float, binHz: Float) -> Float {
        var total: Float = 0
        for k in 0..<bins { total += s[base + k] }
        let threshold = percent * total
        var running: Float = 0
        for k in 0..<bins {
            running += s[base + k]
            if running >= threshold { return Float(k) * binHz }
        }
        return Float(bins - 1) * binHz
    }

    /// Flatness of one frame. The geometric mean is the product of blocks of 16 powers in double precision,
    /// one logarithm per block — exact to rounding for powers clamped to 1e-10...1e19.
    @inline(__always)
    static func flatness(frame s: [Float], base: Int, bins: Int, amin: Float) -> Float {
        let floor = Double(amin)
        var logSum: Double = 0
        var sum: Double = 0
        var k = 0
        while k < bins {
            let end = min(bins, k + 16)
            var product: Double = 1
            while k < end {
                let x = Double(s[base + k])
                var power = x * x
                power = power < floor ? floor : (power > 1e19 ? 1e19 : power)
                product *= power
                sum += power
                k += 1
            }
            logSum += log(product)
        }
        let geometric = exp(logSum / Double(bins))
        let arithmetic = sum / Double(bins)
        return Float(min(1, geometric / arithmetic))
    }

    /// Flux between the frames at `previousBase` and `base`.
    @inline(__always)
    static func flux(frame s: [Float], base: Int, previousBase: Int, bins: Int) -> Float {
        var sum: Float = 0
        for k in 0..<bins {
            let d = s[base + k] - s[previousBase + k]
            sum += d * d
        }
        return sum.squareRoot()
    }
}
