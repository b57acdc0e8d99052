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
            flatness(
                frame: spectrogram.magnitudes, base: t * spectrogram.binCount, bins: spectrogram.binCount, amin: amin)
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
        // One pass of moments in double precision: Σ S, Σ k·S, Σ k²·S, each split over even and odd bins so
        // that two independent chains of additions overlap.
        var total0: Double = 0, total1: Double = 0
        var weighted0: Double = 0, weighted1: Double = 0
        var second0: Double = 0, second1: Double = 0
        var k = 0
        while k + 2 <= bins {
            let x0 = Double(s[base + k])
            let x1 = Double(s[base + k + 1])
            let bin0 = Double(k)
            let bin1 = bin0 + 1
            total0 += x0
            total1 += x1
            weighted0 += bin0 * x0
            weighted1 += bin1 * x1
            second0 += bin0 * bin0 * x0
            second1 += bin1 * bin1 * x1
            k += 2
        }
        if k < bins {
            let x = Double(s[base + k])
            total0 += x
            weighted0 += Double(k) * x
            second0 += Double(k) * Double(k) * x
        }
        let total = total0 + total1
        let weighted = weighted0 + weighted1
        let second = second0 + second1
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
        // The total from four partial sums (independent chains); the running sum below is in bin order, like
        // numpy's cumsum, and stops at the threshold.
        var total0: Float = 0, total1: Float = 0, total2: Float = 0, total3: Float = 0
        var k = 0
        while k + 4 <= bins {
            total0 += s[base + k]
            total1 += s[base + k + 1]
            total2 += s[base + k + 2]
            total3 += s[base + k + 3]
            k += 4
        }
        while k < bins {
            total0 += s[base + k]
            k += 1
        }
        let threshold = percent * ((total0 + total1) + (total2 + total3))
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
        var sum0: Double = 0, sum1: Double = 0
        var k = 0
        while k < bins {
            // Two interleaved products of up to 8 powers each: independent chains, each within 1e-80...1e152.
            let end = min(bins, k + 16)
            var product0: Double = 1, product1: Double = 1
            while k + 2 <= end {
                let x0 = Double(s[base + k])
                let x1 = Double(s[base + k + 1])
                var power0 = x0 * x0
                var power1 = x1 * x1
                power0 = power0 < floor ? floor : (power0 > 1e19 ? 1e19 : power0)
                power1 = power1 < floor ? floor : (power1 > 1e19 ? 1e19 : power1)
                product0 *= power0
                product1 *= power1
                sum0 += power0
                sum1 += power1
                k += 2
            }
            if k < end {
                let x = Double(s[base + k])
                var power = x * x
                power = power < floor ? floor : (power > 1e19 ? 1e19 : power)
                product0 *= power
                sum0 += power
                k += 1
            }
            logSum += log(product0) + log(product1)
        }
        let sum = sum0 + sum1
        let geometric = exp(logSum / Double(bins))
        let arithmetic = sum / Double(bins)
        return Float(min(1, geometric / arithmetic))
    }

    /// Flux between the frames at `previousBase` and `base`.
    @inline(__always)
    static func flux(frame s: [Float], base: Int, previousBase: Int, bins: Int) -> Float {
        // Four partial sums: independent chains of additions.
        var sum0: Float = 0, sum1: Float = 0, sum2: Float = 0, sum3: Float = 0
        var k = 0
        while k + 4 <= bins {
            let d0 = s[base + k] - s[previousBase + k]
            let d1 = s[base + k + 1] - s[previousBase + k + 1]
            let d2 = s[base + k + 2] - s[previousBase + k + 2]
            let d3 = s[base + k + 3] - s[previousBase + k + 3]
            sum0 += d0 * d0
            sum1 += d1 * d1
            sum2 += d2 * d2
            sum3 += d3 * d3
            k += 4
        }
        while k < bins {
            let d = s[base + k] - s[previousBase + k]
            sum0 += d * d
            k += 1
        }
        return ((sum0 + sum1) + (sum2 + sum3)).squareRoot()
    }
}
