import Foundation

/// Cheap level figures of a mono signal: peak, RMS and how much of it is silent.
public struct LevelStatistics: Sendable, Hashable, Codable {
    /// Largest absolute sample value (linear, 1.0 = full scale).
    public var peak: Float
    /// Root-mean-square level over the whole signal (linear).
    public var rms: Float
    /// Share of `windowLength`-sample windows whose RMS is below `silenceThresholdDB` (0...1).
    public var silenceRatio: Double

    /// Windows quieter than this (dBFS RMS) count as silent: −60 dBFS, the usual "digital near-silence"
    /// gate (librosa's `effects.split` default `top_db=60` relative to full scale).
    public static let silenceThresholdDB: Float = -60
    /// Window length for the silence ratio, in seconds.
    public static let windowSeconds = 0.05

    /// Whether the signal is silent or near-silent: its peak is below −60 dBFS or at least 99% of it is silent.
    public var isSilent: Bool { peak < 0.001 || silenceRatio >= 0.99 }

    enum CodingKeys: String, CodingKey {
        case peak, rms
        case silenceRatio = "silence_ratio"
    }

    /// Measures `samples` at `sampleRate` Hz.
    public init(samples: [Float], sampleRate: Int) {
        var peak: Float = 0
        var total: Double = 0
        let window = max(1, Int(Double(sampleRate) * LevelStatistics.windowSeconds))
        let threshold = Double(powf(10, LevelStatistics.silenceThresholdDB / 10))  // mean square
        var windows = 0
        var silent = 0
        var start = 0
        while start < samples.count {
            let end = min(samples.count, start + window)
            var sum: Double = 0
            for i in start..<end {
                let value = samples[i]
                peak = max(peak, abs(value))
                sum += Double(value * value)
            }
            total += sum
            windows += 1
            if sum / Double(end - start) < threshold { silent += 1 }
            start = end
        }
        self.peak = peak
        self.rms = samples.isEmpty ? 0 : Float((total / Double(samples.count)).squareRoot())
        self.silenceRatio = windows == 0 ? 1 : Double(silent) / Double(windows)
    }
}
