import Foundation

/// Estimates how far a recording's tuning deviates from A440, from spectral peaks (librosa
/// `estimate_tuning` over `piptrack`).
///
/// In each frame of the power spectrum, bins between `minimumFrequencyHz` and `maximumFrequencyHz` that are
/// local maxima above `threshold ×` the frame's maximum become pitch candidates, refined by parabolic
/// interpolation. Candidates whose interpolated magnitude reaches the median candidate magnitude vote in a
/// histogram of their deviation from the equal-tempered grid (resolution 0.01 semitone); the fullest bin wins.
public struct TuningEstimator: Sendable, Hashable {
    /// Lowest candidate frequency, in Hz. Default 150.
    public var minimumFrequencyHz: Double = 150
    /// Candidate frequencies lie below this, in Hz. Default 4000.
    public var maximumFrequencyHz: Double = 4000
    /// Fraction of a frame's maximum a candidate must exceed. Default 0.1.
    public var threshold: Float = 0.1
    /// Histogram resolution, in semitones. Default 0.01.
    public var resolution: Double = 0.01

    /// Creates an estimator with librosa's defaults.
    public init() {}

    /// The tuning deviation in semitones, in `−0.5 ..< 0.5` (0 when no candidate is found).
    /// - Parameter spectrogram: a magnitude spectrogram; the estimate works on its squares (power),
    ///   as librosa's `chroma_stft` does.
    public func estimateTuning(of spectrogram: Spectrogram) -> Double {
        var candidates = Candidates(
            estimator: self, frameLength: spectrogram.frameLength, sampleRate: spectrogram.sampleRate,
            frameCapacity: spectrogram.frameCount)
        for t in 0..<spectrogram.frameCount {
            collect(frame: spectrogram.magnitudes, base: t * spectrogram.binCount, into: &candidates)
        }
        return tuning(of: candidates)
    }

    /// Pitch candidates gathered frame by frame, and the per-frame power buffer.
    struct Candidates {
        var pitches: [Float] = []
        var magnitudes: [Float] = []
        var power: [Float]
        let bins: Int
        let binRange: ClosedRange<Int>?
        let hzPerBin: Float

        init(estimator: TuningEstimator, frameLength: Int, sampleRate: Double, frameCapacity: Int) {
            bins = frameLength / 2 + 1
            let binHz = sampleRate / Double(frameLength)
            hzPerBin = Float(binHz)
            power = [Float](repeating: 0, count: bins)
            // fmin ≤ f_k < fmax, never the first or last bin (no neighbour on one side).
            let first = max(1, Int((estimator.minimumFrequencyHz / binHz).rounded(.up)))
            var last = min(bins - 2, Int((estimator.maximumFrequencyHz / binHz).rounded(.up)) - 1)
            if Double(last + 1) * binHz < estimator.maximumFrequencyHz, last + 1 <= bins - 2 { last += 1 }
            binRange = first <= last ? first...last : nil
            pitches.reserveCapacity(frameCapacity * 8)
            magnitudes.reserveCapacity(frameCapacity * 8)
        }
    }

    /// Adds the pitch candidates of one frame (magnitudes at `base`): bins that are local maxima of the power
    /// spectrum above `threshold ×` the frame maximum, refined by parabolic interpolation.
    @inline(__always)
    func collect(frame s: [Float], base: Int, into candidates: inout Candidates) {
        guard let binRange = candidates.binRange else { return }
        var maximum: Float = 0
        for k in 0..<candidates.bins {
            let p = s[base + k] * s[base + k]
            candidates.power[k] = p
            maximum = p > maximum ? p : maximum
        }
        let reference = threshold * maximum
        for k in binRange {
            let current = candidates.power[k]
            // Local maximum of the thresholded spectrum S·(S > ref): current > ref and S[k−1] < S[k] ≥ S[k+1]
            // (neighbours at or below ref count as 0, which current then exceeds anyway).
            guard current > reference else { continue }
            let previous = candidates.power[k - 1]
            let next = candidates.power[k + 1]
            guard current > (previous > reference ? previous : 0), current >= (next > reference ? next : 0) else {
                continue
            }
            let a = next + previous - 2 * current
            let b = (next - previous) / 2
            let shift: Float = abs(b) >= abs(a) ? 0 : -b / a
            let pitch = (Float(k) + shift) * candidates.hzPerBin
            guard pitch > 0 else { continue }
            candidates.pitches.append(pitch)
            candidates.magnitudes.append(current + 0.5 * b * shift)
        }
    }

    /// The tuning from all candidates: those reaching the median magnitude vote (``pitchTuning(frequenciesHz:resolution:)``).
    func tuning(of candidates: Candidates) -> Double {
        guard !candidates.pitches.isEmpty else { return 0 }
        let median = Self.median(of: candidates.magnitudes)
        var selected: [Double] = []
        selected.reserveCapacity(candidates.pitches.count / 2 + 1)
        for i in candidates.pitches.indices where candidates.magnitudes[i] >= median {
            selected.append(Double(candidates.pitches[i]))
        }
        return Self.pitchTuning(frequenciesHz: selected, resolution: resolution)
    }

    /// The most common deviation (in semitones, `−0.5 ..< 0.5`) of `frequenciesHz` from the A440 equal-tempered
    /// grid, as the left edge of the fullest histogram bin (librosa `pitch_tuning`).
    public static func pitchTuning(frequenciesHz: [Double], resolution: Double = 0.01) -> Double {
        let binCount = Int((1.0 / resolution).rounded(.up))
        var counts = [Int](repeating: 0, count: binCount)
        let step = 1.0 / Double(binCount)
        var any = false
        for f in frequenciesHz where f > 0 && f.isFinite {
            let octaves = log2(f / (440.0 / 16.0))
            var residual = (12 * octaves).truncatingRemainder(dividingBy: 1)
            if residual < 0 { residual += 1 }
            if residual >= 0.5 { residual -= 1 }
            var index = min(binCount - 1, max(0, Int((residual + 0.5) / step)))
            if index > 0, residual < -0.5 + Double(index) * step { index -= 1 }
            if index < binCount - 1, residual >= -0.5 + Double(index + 1) * step { index += 1 }
            counts[index] += 1
            any = true
        }
        guard any else { return 0 }
        var best = 0
        for i in counts.indices where counts[i] > counts[best] { best = i }
        return -0.5 + Double(best) * step
    }

    /// numpy's median: the middle value, or the mean of the two middle values.
    static func median(of values: [Float]) -> Float {
        let sorted = values.sorted()
        let n = sorted.count
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
    }
}
