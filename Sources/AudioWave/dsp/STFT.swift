/// A short-time Fourier transform on FFTW's single-precision real-to-complex transform.
///
/// Frames are centred: the signal is padded with `frameLength / 2` zeros on each side
/// (librosa ≥ 0.9 `stft(center=True, pad_mode="constant")`), so frame `t` covers samples
/// `t·hop − frameLength/2 ..< t·hop + frameLength/2` and a signal of `n > 0` samples gives `1 + n / hop` frames.
/// Each frame is multiplied by the window and transformed; the result is `|X[k]|` for `k` in `0...frameLength/2`.
/// The FFTW plan is shared process-wide; a transform value is immutable and may be used from many tasks at once.
public struct STFT: Sendable {
    /// FFT size, in samples.
    public let frameLength: Int
    /// Distance between frames, in samples.
    public let hopLength: Int
    /// The analysis window.
    public let window: Window
    /// Number of frequency bins per frame, `frameLength / 2 + 1`.
    public var binCount: Int { frameLength / 2 + 1 }

    let plan: RealFFTPlan
    let coefficients: [Float]

    /// Creates a transform, planning the FFT once for this size.
    /// - Parameters:
    ///   - frameLength: FFT size in samples (even, ≥ 16). Default 2048.
    ///   - hopLength: distance between frames in samples (≥ 1). Default 512.
    ///   - window: analysis window. Default ``Window/hann``.
    /// - Throws: ``DSPError`` `.invalidConfiguration` for bad sizes, `.fftPlanFailed` when FFTW fails.
    public init(frameLength: Int = 2048, hopLength: Int = 512, window: Window = .hann) throws(DSPError) {
        guard frameLength >= 16, frameLength % 2 == 0, frameLength <= 1 << 20 else {
            throw DSPError(.invalidConfiguration, field: "frame_length", reason: "must be even, 16...1048576")
        }
        guard hopLength >= 1 else {
            throw DSPError(.invalidConfiguration, field: "hop_length", reason: "must be at least 1")
        }
        self.frameLength = frameLength
        self.hopLength = hopLength
        self.window = window
        self.plan = try RealFFTPlan.shared(size: frameLength)
        self.coefficients = window.coefficients(length: frameLength)
    }

    /// Number of centred frames for a signal of `sampleCount` samples: `1 + sampleCount / hopLength`, or 0 if empty.
    public func frameCount(sampleCount: Int) -> Int {
        sampleCount > 0 ? 1 + sampleCount / hopLength : 0
    }

    /// The magnitude spectrogram of `samples`.
    /// - Parameters:
    ///   - samples: mono signal.
    ///   - sampleRate: its sample rate in Hz (recorded in the result).
    /// - Returns: `frameCount(sampleCount:)` frames of `binCount` magnitudes.
    public func spectrogram(of samples: [Float], sampleRate: Double) -> Spectrogram {
        let buffers = RealFFTBuffers(plan: plan)
        return spectrogram(of: samples, sampleRate: sampleRate, buffers: buffers)
    }

    /// The magnitude spectrogram of `samples`, reusing a worker's FFT buffers.
    func spectrogram(of samples: [Float], sampleRate: Double, buffers: RealFFTBuffers) -> Spectrogram {
        let frames = frameCount(sampleCount: samples.count)
        let bins = binCount
        let magnitudes = buffers.magnitudeSpectrogram(
            of: samples, hopLength: hopLength, frameCount: frames, window: coefficients)
        return Spectrogram(
            magnitudes: magnitudes, frameCount: frames, binCount: bins, sampleRate: sampleRate,
            frameLength: frameLength, hopLength: hopLength)
    }
}
