import Foundation

/// Maps power spectra to the twelve pitch classes with Gaussian bumps (Ellis' `fft2chromamx`, librosa
/// `filters.chroma(n_chroma=12, ctroct=5, octwidth=2, norm=2, base_c=True)`).
///
/// FFT bin `k` sits at `12·log2(f_k / (A440·2^(tuning/12) / 16))` chroma units; its weight for pitch class `c`
/// is `exp(−½·(2·D / w_k)²)`, `D` the circular distance to `c` and `w_k` the bin's width in semitones (≥ 1).
/// Each bin's twelve weights are L2-normalised, then scaled by a Gaussian over octaves centred on octave 5
/// (≈ 523 Hz) with a width of 2 octaves. Row 0 is C.
public struct ChromaFilterbank: Sendable, Hashable {
    /// Number of FFT bins per frame.
    public let binCount: Int
    /// Tuning deviation the bank was built for, in semitones.
    public let tuning: Double
    /// Bin-major weights: the twelve pitch-class weights of bin `k` in lanes 0...11 of `weights[k]`
    /// (lanes 12...15 are 0), so one frame costs one 16-lane multiply-add per bin.
    let weights: [SIMD16<Float>]

    /// Builds the bank.
    /// - Parameters:
    ///   - frameLength: FFT size in samples.
    ///   - sampleRate: sample rate in Hz.
    ///   - tuning: deviation from A440 in semitones (−0.5 ..< 0.5). Default 0.
    public init(frameLength: Int, sampleRate: Double, tuning: Double = 0) {
        let bins = frameLength / 2 + 1
        let chroma = 12.0
        let reference = 440.0 * pow(2.0, tuning / chroma) / 16.0
        // Chroma position of bins 0 ... bins (one extra for the width of the last kept bin).
        var position = [Double](repeating: 0, count: bins + 1)
        for k in 1...bins {
            position[k] = chroma * log2(Double(k) * sampleRate / Double(frameLength) / reference)
        }
        position[0] = position[1] - 1.5 * chroma  // 0 Hz: 1.5 octaves below bin 1
        var weights = [SIMD16<Float>](repeating: .zero, count: bins)
        var column = [Double](repeating: 0, count: 12)
        for k in 0..<bins {
            let width = max(position[k + 1] - position[k], 1)
            var norm: Double = 0
            for c in 0..<12 {
                var d = (position[k] - Double(c) + 6 + 10 * chroma).truncatingRemainder(dividingBy: chroma)
                if d < 0 { d += chroma }
                d -= 6
                let z = 2 * d / width
                column[c] = exp(-0.5 * z * z)
                norm += column[c] * column[c]
            }
            norm = norm.squareRoot()
            let octaveWeight = exp(-0.5 * pow((position[k] / chroma - 5) / 2, 2))
            for c in 0..<12 {
                // base_c: rotate so that row 0 is C (three semitones above A).
                let row = (c - 3 + 12) % 12
                let value = norm > 0 ? column[c] / norm : column[c]
                weights[k][row] = Float(value * octaveWeight)
            }
        }
        self.binCount = bins
        self.tuning = tuning
        self.weights = weights
    }

    /// The weight of `bin` for pitch class `pitchClass` (0 = C).
    public func weight(pitchClass: Int, bin: Int) -> Float { weights[bin][pitchClass] }

    /// The chromagram of a magnitude spectrogram: `chroma[t, c] = Σ_k W[c, k]·|X[t, k]|²`, each frame divided by its
    /// maximum (frames whose maximum is below the smallest normal float stay as they are, i.e. zero).
    public func chromagram(of spectrogram: Spectrogram) -> Chromagram {
        precondition(spectrogram.binCount == binCount, "spectrogram and filterbank sizes differ")
        let bins = binCount
        let frames = spectrogram.frameCount
        var values: [Float] = []
        values.reserveCapacity(frames * 12)
        for t in 0..<frames { appendFrame(of: spectrogram.magnitudes, base: t * bins, to: &values) }
        return Chromagram(
            values: values, sampleRate: spectrogram.sampleRate, hopLength: spectrogram.hopLength,
            tuningCents: tuning * 100)
    }

    /// Appends the twelve normalised chroma values of one frame (magnitudes at `base`) to `values`.
    @inline(__always)
    func appendFrame(of s: [Float], base: Int, to values: inout [Float]) {
        var sum = SIMD16<Float>.zero
        for k in 0..<binCount {
            let x = s[base + k]
            sum += weights[k] * (x * x)
        }
        var maximum: Float = 0
        for c in 0..<12 { maximum = max(maximum, abs(sum[c])) }
        let scale: Float = maximum >= Float.leastNormalMagnitude ? 1 / maximum : 1
        for c in 0..<12 { values.append(sum[c] * scale) }
    }
}
