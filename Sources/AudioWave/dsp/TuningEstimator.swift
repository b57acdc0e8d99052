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
        let bins = spectrogram.binCount
        let binHz = spectrogram.sampleRate / Double(spectrogram.frameLength)
        let firstBin = max(1, Int((minimumFrequencyHz / binHz).rounded(.up)))
        var lastBin = min(bins - 2, Int((maximumFrequencyHz / binHz).rounded(.up)) - 1)
        if Double(lastBin + 1) * binHz < maximumFrequencyHz, lastBin + 1 <= bins - 2 { lastBin += 1 }
        guard firstBin <= lastBin else { return 0 }
        var pitches: [Float] = []
        var magnitudes: [Float] = []
        pitches.reserveCapacity(spectrogram.frameCount * 8)
        magnitudes.reserveCapacity(spectrogram.frameCount * 8)
        let s = spectrogram.magnitudes
        for t in 0..<spectrogram.frameCount {
            let base = t * bins
            var maximum: Float = 0
            for k in 0..<bins { maximum = max(maximum, s[base + k] * s[base + k]) }
            let reference = threshold * maximum
            for k in firstBin...lastBin {
                let previous = s[base + k - 1] * s[base + k - 1]
                let current = s[base + k] * s[base + k]
                let next = s[base + k + 1] * s[base + k + 1]
                // Local maximum of the thresholded spectrum S·(S > ref).
                let z = current > reference ? current : 0
                let zPrevious = previous > reference ? previous : 0
                let zNext = next > reference ? next : 0
                guard z > zPrevious, z >= zNext else { continue }
                let a = next + previous - 2 * current
                let b = (next - previous) / 2
                let shift: Float = abs(b) >= abs(a) ? 0 : -b / a
                let pitch = Float((Double(k) + Double(shift)) * spectrogram.sampleRate / Double(spectrogram.frameLength))
                guard pitch > 0 else { continue }
                pitches.append(pitch)
                magnitudes.append(current + 0.5 * b * shift)
            }
        }
        guard !pitches.isEmpty else { return 0 }
        let median = Self.median(of: magnitudes)
        var selected: [Double] = []
        selected.reserveCapacity(pitches.count / 2 + 1)
        for i in pitches.indices where magnitudes[i] >= median { selected.append(Double(pitches[i])) }
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
