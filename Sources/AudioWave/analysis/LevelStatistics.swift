import AudioWaveDSP
import Foundation

/// Cheap level figures of a mono signal: peak, RMS and how much of it is silent.
public struct LevelStatistics: Sendable, Hashable, Codable {
    /// Largest absolute sample value (linear, 1.0 = full scale).
    public var peak: Float
    /// Root-mean-square level over the whole signal (linear).
    public var rms: Float
    /// Share of `windowSeconds` windows whose RMS is below `silenceThresholdDB` (0...1).
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
        var meter = LevelMeter(sampleRate: sampleRate)
        meter.add(samples)
        self = meter.result()
    }

    init(peak: Float, rms: Float, silenceRatio: Double) {
        self.peak = peak
        self.rms = rms
        self.silenceRatio = silenceRatio
    }
}

/// Measures ``LevelStatistics`` over a signal that arrives in blocks.
public struct LevelMeter: Sendable {
    private let window: Int
    private let threshold: Double  // mean square of −60 dBFS
    private var peak: Float = 0
    private var total: Double = 0
    private var count = 0
    private var windows = 0
    private var silentWindows = 0
    private var windowSum: Double = 0
    private var windowFill = 0

    /// A meter for a signal at `sampleRate` Hz.
    public init(sampleRate: Int) {
        window = max(1, Int(Double(sampleRate) * LevelStatistics.windowSeconds))
        threshold = Double(powf(10, LevelStatistics.silenceThresholdDB / 10))
    }

    /// Adds the next block of samples.
    public mutating func add(_ samples: [Float]) {
        var start = 0
        while start < samples.count {
            // The rest of the current window, summed in locals with four partial sums (independent
            // chains the processor overlaps; each square is widened to Double as before).
            let end = min(samples.count, start + window - windowFill)
            var sums = (0.0, 0.0, 0.0, 0.0)
            var largest: Float = peak
            var index = start
            while index + 4 <= end {
                let (a, b, c, d) = (samples[index], samples[index + 1], samples[index + 2], samples[index + 3])
                sums.0 += Double(a * a)
                sums.1 += Double(b * b)
                sums.2 += Double(c * c)
                sums.3 += Double(d * d)
                largest = max(largest, max(max(abs(a), abs(b)), max(abs(c), abs(d))))
                index += 4
            }
            while index < end {
                let value = samples[index]
                sums.0 += Double(value * value)
                largest = max(largest, abs(value))
                index += 1
            }
            peak = largest
            windowSum += (sums.0 + sums.1) + (sums.2 + sums.3)
            windowFill += end - start
            if windowFill == window { closeWindow() }
            start = end
        }
        count += samples.count
    }

    private mutating func closeWindow() {
        total += windowSum
        windows += 1
        if windowSum / Double(windowFill) < threshold { silentWindows += 1 }
        windowSum = 0
        windowFill = 0
    }

    /// The figures of everything added (a last, shorter window counts as a window).
    public func result() -> LevelStatistics {
        var final = self
        if final.windowFill > 0 { final.closeWindow() }
        return LevelStatistics(
            peak: final.peak,
            rms: final.count == 0 ? 0 : Float((final.total / Double(final.count)).squareRoot()),
            silenceRatio: final.windows == 0 ? 1 : Double(final.silentWindows) / Double(final.windows))
    }
}
