/// A magnitude spectrogram: `|X[frame, bin]|` of a short-time Fourier transform.
///
/// Stored frame-major: `magnitudes[frame * binCount + bin]`, bin `k` at `k · sampleRate / frameLength` Hz.
public struct Spectrogram: Sendable, Hashable {
    /// Frame-major magnitudes, `frameCount * binCount` values.
    public var magnitudes: [Float]
    /// Number of frames.
    public var frameCount: Int
    /// Number of frequency bins per frame, `frameLength / 2 + 1`.
    public var binCount: Int
    /// Sample rate of the analysed signal, in Hz.
    public var sampleRate: Double
    /// FFT size, in samples.
    public var frameLength: Int
    /// Distance between frames, in samples.
    public var hopLength: Int

    /// Creates a spectrogram from frame-major magnitudes.
    public init(
        magnitudes: [Float], frameCount: Int, binCount: Int, sampleRate: Double, frameLength: Int, hopLength: Int
    ) {
        precondition(magnitudes.count == frameCount * binCount, "magnitudes must hold frameCount * binCount values")
        self.magnitudes = magnitudes
        self.frameCount = frameCount
        self.binCount = binCount
        self.sampleRate = sampleRate
        self.frameLength = frameLength
        self.hopLength = hopLength
    }

    /// The centre frequency of `bin`, in Hz: `bin · sampleRate / frameLength`.
    public func frequencyHz(ofBin bin: Int) -> Double {
        Double(bin) * sampleRate / Double(frameLength)
    }

    /// The `binCount` magnitudes of one frame.
    public func frame(_ index: Int) -> ArraySlice<Float> {
        magnitudes[(index * binCount)..<((index + 1) * binCount)]
    }

    /// The magnitude at one frame and bin.
    public subscript(frame: Int, bin: Int) -> Float {
        magnitudes[frame * binCount + bin]
    }
}

extension Spectrogram {
    /// Frames 0, n, 2n, … (⌈frameCount / n⌉ of them; the hop becomes n × hop). `n` ≤ 1 returns the
    /// spectrogram itself.
    public func everyFrame(_ stride: Int) -> Spectrogram {
        guard stride > 1 else { return self }
        return Spectrogram(
            magnitudes: FrameMajor.everyFrame(stride, of: magnitudes, width: binCount),
            frameCount: (frameCount + stride - 1) / stride, binCount: binCount, sampleRate: sampleRate,
            frameLength: frameLength, hopLength: hopLength * stride)
    }
}
