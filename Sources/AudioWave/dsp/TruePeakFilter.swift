import Foundation

/// The polyphase interpolator of the true-peak measurement (ITU-R BS.1770-4, Annex 2: oversample by 4, low-pass
/// interpolate, take the largest absolute value).
///
/// Annex 2 leaves the filter to the implementer (its example is a 48-tap, 4-phase FIR). Ours is a 49-point
/// windowed sinc: `h[j] = sinc((j − 24) / L) · ½(1 − cos(2πj / 48))`, `j = 0...48`, cut-off at the original
/// Nyquist frequency, split into `L` phases (`h[j]` goes to phase `j mod L`, delay `j / L`). These are the
/// parameters libebur128 1.2.6 uses, whose true peak is our reference, so the two agree to float rounding.
/// As in libebur128, the oversampling factor `L` is 4 below 96 kHz, 2 below 192 kHz and 1 (the sample peak) above.
///
/// Accuracy (measured, `TruePeakTests`): a sine sampled off its crest reads +0.10 dB at fs/4, +0.36 dB at fs/6
/// (phase 0) and +0.08 dB at fs/8 — the short Hann window's pass-band ripple. The fs/6 case exceeds the +0.2 dB
/// that EBU Tech 3341's true-peak cases allow; libebur128 reads exactly the same. A longer or equiripple design
/// would fix it, at the cost of no longer matching the reference.
///
/// Phase 0 is the input itself (`h[24] = 1`, every other `h[4k]` is a zero of the sinc or of the window), so
/// only phases `1..<L` are kept: the true peak is the larger of the sample peak and their outputs.
struct TruePeakFilter: Sendable {
    /// Oversampling factor `L`.
    let factor: Int
    /// Taps per kept phase.
    let tapCount: Int
    /// Phases `1..<factor`, phase-major: output `y_p[n] = Σ_k coefficients[(p − 1)·tapCount + k] · x[n − k]`.
    let coefficients: [Float]
    /// `max_p Σ_k |h_p[k]|`: no interpolated value exceeds this times the largest `|x|` of its `tapCount` inputs
    /// (triangle inequality), which makes skipping quiet regions exact rather than heuristic.
    let gainBound: Float
    /// Number of kept phases, `factor − 1`.
    var phaseCount: Int { factor - 1 }

    /// Points of the prototype windowed sinc.
    static let prototypeLength = 49

    /// Designs the interpolator for a sample rate in Hz.
    init(sampleRate: Int) {
        let factor = sampleRate < 96000 ? 4 : (sampleRate < 192_000 ? 2 : 1)
        self.factor = factor
        let length = Self.prototypeLength
        let tapCount = factor > 1 ? (length - 1) / factor : 0  // the last point (j = 48) belongs to phase 0
        var coefficients = [Float](repeating: 0, count: max(0, factor - 1) * tapCount)
        var sums = [Double](repeating: 0, count: max(0, factor - 1))
        if factor > 1 {
            let center = Double(length - 1) / 2
            for j in 0..<length {
                let phase = j % factor
                guard phase > 0 else { continue }
                let m = (Double(j) - center) / Double(factor)
                let sinc = abs(m) < 1e-12 ? 1 : sin(Double.pi * m) / (Double.pi * m)
                let window = 0.5 * (1 - cos(2 * Double.pi * Double(j) / Double(length - 1)))
                let value = sinc * window
                coefficients[(phase - 1) * tapCount + j / factor] = Float(value)
                sums[phase - 1] += abs(value)
            }
        }
        self.tapCount = tapCount
        self.coefficients = coefficients
        // A hair above the exact sum, so that float rounding of the interpolated values never beats the bound.
        self.gainBound = Float((sums.max() ?? 1) * (1 + 1e-5))
    }

    /// The skipping margin in dB: regions whose sample peak lies this far below the running true peak cannot
    /// raise it (20·log10 of ``gainBound``).
    var marginDecibels: Double { 20 * log10(Double(max(1, gainBound))) }
}
