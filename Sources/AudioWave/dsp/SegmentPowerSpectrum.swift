import Foundation

/// The power spectrum of one short segment of a signal, for measurements made at chosen instants (a beat, an
/// onset) rather than on the STFT's regular grid.
///
/// The segment is multiplied by the symmetric 3-term Blackman-Harris window (−62 dB side lobes; Harris, "On the
/// use of windows for harmonic analysis with the discrete Fourier transform", Proc. IEEE 66(1), 1978), scaled to
/// sum 2 — essentia's `Windowing(type="blackmanharris62", normalized=true)` as `SingleBeatLoudness` uses it,
/// which makes a sinusoid's peak bin read about its amplitude whatever the length — and transformed; the result
/// is `|X[k]|²` for `k` in `0...length/2`.
public struct SegmentPowerSpectrum: Sendable {
    /// Segment and FFT length, in samples.
    public let length: Int
    let plan: RealFFTPlan
    let window: [Float]

    /// Number of bins, `length / 2 + 1`.
    public var binCount: Int { length / 2 + 1 }

    /// Plans the transform for one segment length.
    /// - Parameter length: segment length in samples (even, 16...1048576).
    /// - Throws: ``DSPError`` for an invalid length or when FFTW cannot plan.
    public init(length: Int) throws(DSPError) {
        guard length >= 16, length % 2 == 0, length <= 1 << 20 else {
            throw DSPError(.invalidConfiguration, field: "segment_length", reason: "must be even, 16...1048576")
        }
        self.length = length
        self.plan = try RealFFTPlan.shared(size: length)
        self.window = Self.normalizedBlackmanHarris62(length: length)
    }

    /// `w[n] = 0.44959 − 0.49364·cos(2πn/(N−1)) + 0.05677·cos(4πn/(N−1))`, scaled so the weights sum to 2.
    static func normalizedBlackmanHarris62(length: Int) -> [Float] {
        let denominator = Double(max(1, length - 1))
        let weights = (0..<length).map { n in
            let phase = 2 * Double.pi * Double(n) / denominator
            return 0.44959 - 0.49364 * cos(phase) + 0.05677 * cos(2 * phase)
        }
        let scale = 2 / weights.reduce(0, +)
        return weights.map { Float($0 * scale) }
    }

    /// `|X[k]|²` of each segment `samples[start ..< start + length]` (zeros outside the array), `binCount`
    /// values per start, one FFT buffer for all of them.
    public func powerSpectra(of samples: [Float], starts: [Int]) -> [[Float]] {
        let buffers = RealFFTBuffers(plan: plan)
        return starts.map { start in
            var magnitudes = [Float](repeating: 0, count: binCount)
            buffers.transformFrame(of: samples, start: start, window: window, into: &magnitudes, at: 0)
            for k in magnitudes.indices { magnitudes[k] *= magnitudes[k] }
            return magnitudes
        }
    }
}
