import CFFTW
import Foundation

/// Two frame-wise onset detection functions on the same transform, as essentia's `OnsetRate` feeds them to its
/// `Onsets` peak picker: high-frequency content and the complex-domain difference.
///
/// - HFC (Brossier's variant, essentia `HFC(type="Brossier")`): `Σ_k f_k·|X_t[k]|`, magnitudes weighted by bin
///   frequency `f_k = k·(sr/2)/(bins−1)`; it rises with broadband, percussive attacks (Masri 1996; Brossier,
///   Bello & Plumbley, ISMIR 2004).
/// - Complex domain (Bello, Duxbury, Davies & Sandler, IEEE SPL 11(6), 2004): `Σ_k |X̂_t[k] − X_t[k]|` with the
///   prediction `X̂_t[k] = |X_{t−1}[k]|·e^{i(2φ_{t−1}[k] − φ_{t−2}[k])}` — steady partials continue their
///   magnitude and phase advance, so both energy changes and pitch changes stand out. Frames before the first
///   count as silent with zero phase, as in essentia.
///
/// Frames are not centred (essentia `FrameCutter(startFromZero=true)`): frame `t` is `samples[t·hop ..< t·hop +
/// frameLength]`, zero past the end, and a frame exists while `t·hop + hop < n` (at least one frame for `n > 0`),
/// which is how many essentia cuts. The window is the periodic Hann of ``Window/hann``; essentia's is the
/// symmetric one, a difference of one part in `frameLength` in the weights. Both functions are linear in the
/// signal, so the window's scale does not matter to a peak picker that normalises them.
/// This is the only place the STFT's phase is used, so it lives beside, not inside, ``STFT``.
public struct OnsetDetectionFunctions: Sendable {
    /// FFT size, in samples.
    public let frameLength: Int
    /// Distance between frames, in samples.
    public let hopLength: Int
    /// Sample rate of the input, in Hz.
    public let sampleRate: Double
    let plan: RealFFTPlan
    let window: [Float]

    /// Frames per second, `sampleRate / hopLength`.
    public var frameRate: Double { sampleRate / Double(hopLength) }

    /// Plans the transform once.
    /// - Parameters:
    ///   - sampleRate: input rate in Hz.
    ///   - frameLength: FFT size (even, ≥ 16). essentia's OnsetRate uses 1024 at 44100 Hz (23 ms).
    ///   - hopLength: hop in samples. essentia uses 512 (11.6 ms).
    /// - Throws: ``DSPError`` for invalid sizes or when FFTW cannot plan.
    public init(sampleRate: Double, frameLength: Int = 1024, hopLength: Int = 512) throws(DSPError) {
        guard sampleRate > 0, sampleRate.isFinite else {
            throw DSPError(.invalidConfiguration, field: "sample_rate", reason: "must be positive")
        }
        guard frameLength >= 16, frameLength % 2 == 0, frameLength <= 1 << 20, hopLength >= 1 else {
            throw DSPError(
                .invalidConfiguration, field: "frame_length", reason: "must be even, 16...1048576, hop ≥ 1")
        }
        self.frameLength = frameLength
        self.hopLength = hopLength
        self.sampleRate = sampleRate
        self.plan = try RealFFTPlan.shared(size: frameLength)
        self.window = Window.hann.coefficients(length: frameLength)
    }

    /// Number of frames for `sampleCount` samples: frames start at `t·hop` while `t·hop + hop < n`, at least one.
    public func frameCount(sampleCount: Int) -> Int {
        guard sampleCount > 0 else { return 0 }
        guard sampleCount > hopLength else { return 1 }
        return (sampleCount - hopLength + hopLength - 1) / hopLength
    }

    /// Both detection functions of a mono signal, one value per frame each.
    /// - Returns: `hfc` and `complexDomain`, `frameCount(sampleCount:)` values each (≥ 0).
    public func compute(_ samples: [Float]) -> (hfc: [Float], complexDomain: [Float]) {
        let frames = frameCount(sampleCount: samples.count)
        let bins = plan.binCount
        let buffers = RealFFTBuffers(plan: plan)
        var hfc = [Float](repeating: 0, count: frames)
        var complexDomain = [Float](repeating: 0, count: frames)
        // Previous frame's magnitude and the unit phasors of the two previous frames (1 for silent bins: zero phase).
        var previousMagnitude = [Float](repeating: 0, count: bins)
        var previousUnit = [SIMD2<Float>](repeating: SIMD2(1, 0), count: bins)
        var olderUnit = previousUnit
        let binHz = Float(sampleRate / 2) / Float(max(1, bins - 1))
        samples.withUnsafeBufferPointer { signal in
            window.withUnsafeBufferPointer { weights in
                let raw = UnsafeRawPointer(buffers.output)
                for t in 0..<frames {
                    buffers.transform(signal, start: t * hopLength, window: weights)
                    var highFrequency: Float = 0
                    var distance: Float = 0
                    for k in 0..<bins {
                        let x = SIMD2(
                            raw.load(fromByteOffset: k * 8, as: Float.self),
                            raw.load(fromByteOffset: k * 8 + 4, as: Float.self))
                        let magnitude = (x * x).sum().squareRoot()
                        highFrequency += Float(k) * binHz * magnitude
                        // e^{i(2φ1 − φ2)} = u1² · conj(u2), then the prediction scaled by |X_{t−1}|.
                        let u1 = previousUnit[k]
                        let u2 = olderUnit[k]
                        let square = SIMD2(u1.x * u1.x - u1.y * u1.y, 2 * u1.x * u1.y)
                        let phasor = SIMD2(square.x * u2.x + square.y * u2.y, square.y * u2.x - square.x * u2.y)
                        let difference = phasor * previousMagnitude[k] - x
                        distance += (difference * difference).sum().squareRoot()
                        olderUnit[k] = u1
                        previousUnit[k] = magnitude > 0 ? x / magnitude : SIMD2(1, 0)
                        previousMagnitude[k] = magnitude
                    }
                    hfc[t] = highFrequency
                    complexDomain[t] = distance
                }
            }
        }
        return (hfc, complexDomain)
    }
}
