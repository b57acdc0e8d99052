import AudioWaveDSP

/// Onsets per second and their times, with essentia's `OnsetRate` semantics: HFC and complex-domain detection
/// functions (``OnsetDetectionFunctions``) on 23 ms frames every 11.6 ms, combined and peak-picked as essentia's
/// `Onsets` does (after Brossier, Bello & Plumbley, "Fast labelling of notes in music signals", ISMIR 2004).
///
/// A pure function of the samples; cost is one FFT per hop plus O(frames) picking — the same order as the STFT.
public struct OnsetRate: Sendable, Hashable {
    /// Onset times in seconds from the start of the signal (frame start times).
    public var onsetTimes: [Double]
    /// Onsets per second of signal: `onsetTimes.count / duration`.
    public var rate: Double

    /// Creates a result from its parts.
    public init(onsetTimes: [Double], rate: Double) {
        self.onsetTimes = onsetTimes
        self.rate = rate
    }

    /// essentia's moving-average length and adaptive-threshold buffer, in frames (`Onsets(delay=5)`): 58 ms.
    public static let smoothingFrames = 5
    /// Share of the local mean added to the local median in the adaptive threshold (`Onsets(alpha=0.1)`).
    public static let alpha: Float = 0.1
    /// Smoothed detection values below this (times the sum of weights) count as silence (`silenceThreshold`).
    public static let silenceThreshold: Float = 0.02

    /// The onset rate of a mono signal.
    ///
    /// essentia fixes 1024-sample frames with a 512 hop at 44100 Hz; at another rate the frame keeps its duration
    /// (length `2·round(512·sr/44100)`, hop half of it), so the picker's five-frame memory stays 58 ms.
    /// - Parameters:
    ///   - samples: mono signal.
    ///   - sampleRate: its rate in Hz.
    /// - Returns: no onsets and rate 0 for an empty or silent signal.
    /// - Throws: ``DSPError`` for a non-positive rate or when FFTW cannot plan.
    public static func measure(samples: [Float], sampleRate: Double) throws(DSPError) -> OnsetRate {
        guard sampleRate > 0, sampleRate.isFinite else {
            throw DSPError(.invalidConfiguration, field: "sample_rate", reason: "must be positive")
        }
        guard !samples.isEmpty else { return OnsetRate(onsetTimes: [], rate: 0) }
        let hop = max(8, Int((512 * sampleRate / 44100).rounded()))
        let functions = try OnsetDetectionFunctions(sampleRate: sampleRate, frameLength: 2 * hop, hopLength: hop)
        let detections = functions.compute(samples)
        let times = onsetTimes(
            detectionFunctions: [detections.hfc, detections.complexDomain], weights: [1, 1],
            frameRate: functions.frameRate)
        return OnsetRate(onsetTimes: times, rate: Double(times.count) / (Double(samples.count) / sampleRate))
    }

    /// Onset times from frame-wise detection functions, essentia `Onsets` semantics:
    ///
    /// 1. each function is divided by its maximum, then they are summed with `weights`;
    /// 2. a causal moving average over ``smoothingFrames`` frames smooths the sum, and values below
    ///    ``silenceThreshold`` × Σweights become 0;
    /// 3. frame `i ≥ 1` is above threshold when its value exceeds `median + alpha·mean` of the last
    ///    ``smoothingFrames`` smoothed values (itself included, zeros before the start);
    /// 4. an onset is the first frame of a run of at least two frames above threshold (a single frame is taken as
    ///    a false positive, except at the very end).
    ///
    /// essentia fills its threshold buffer in a slightly different order during the first five frames; this
    /// implementation uses the plain sliding window there.
    /// - Parameters:
    ///   - detectionFunctions: equally long series, one value per frame (others are ignored beyond the shortest).
    ///   - weights: one weight per function; missing weights count as 1.
    ///   - frameRate: frames per second.
    /// - Returns: onset times in seconds, `frame / frameRate`.
    public static func onsetTimes(detectionFunctions: [[Float]], weights: [Float], frameRate: Double) -> [Double] {
        guard let frames = detectionFunctions.map(\.count).min(), frames > 0, frameRate > 0 else { return [] }
        var combined = [Float](repeating: 0, count: frames)
        var weightSum: Float = 0
        for (index, function) in detectionFunctions.enumerated() {
            let weight = index < weights.count ? weights[index] : 1
            weightSum += weight
            var maximum = -Float.infinity
            for i in 0..<frames { maximum = max(maximum, function[i]) }
            let scale = maximum != 0 && maximum.isFinite ? weight / maximum : weight
            for i in 0..<frames { combined[i] += function[i] * scale }
        }
        let length = smoothingFrames
        var smoothed = [Float](repeating: 0, count: frames)
        var running: Double = 0
        for i in 0..<frames {
            running += Double(combined[i])
            if i >= length { running -= Double(combined[i - length]) }
            let value = Float(running / Double(length))
            smoothed[i] = value < silenceThreshold * weightSum ? 0 : value
        }
        var above = [Bool](repeating: false, count: frames)
        var window = [Float](repeating: 0, count: length)
        for i in 1..<max(1, frames) {
            var sum: Float = 0
            for j in 0..<length {
                let index = i - j
                window[j] = index >= 0 ? smoothed[index] : 0
                sum += window[j]
            }
            window.sort()
            let median = length % 2 == 1 ? window[length / 2] : (window[length / 2 - 1] + window[length / 2]) / 2
            above[i] = smoothed[i] > median + alpha * sum / Float(length)
        }
        var times: [Double] = []
        for i in 0..<frames where above[i] {
            if i > 0, above[i - 1] { continue }
            if i != frames - 1, !above[i + 1] { continue }
            times.append(Double(i) / frameRate)
        }
        return times
    }
}
