import AudioWaveIO
import Foundation

/// The peak memory one analysis is expected to need, for the engine's admission (`WaveEngine`'s
/// `memoryEstimate`): an item starts only when the estimates of the items in flight leave room for its own
/// under `memory_threshold_mb`.
///
/// The model is measured (`audiowave-bench scaling`, docs/performance.md): the analysis streams, so a file's
/// samples are never all in memory; what grows with length is the per-frame data the summaries keep (onset
/// envelope, chroma of every 4th frame, the levels) — peak RSS 45 MB for a 10-minute file and 55–57 MB for a
/// 60-minute one, about 0.22 MB per minute, over a base of about 12 MB per file in flight (FFT plans, decode
/// and resampling buffers). The excerpt's samples (30 s at the analysis rate) are held once more, and samples
/// given in memory are copied at the analysis rate.
enum MemoryEstimate {
    /// MiB per file in flight before its length counts.
    static let baseMB = 12.0
    /// MiB per minute of audio.
    static let perMinuteMB = 0.25

    /// The estimate for `item`, in MiB; nil when a file cannot be probed (the preparation stage then
    /// reports why).
    static func megabytes(of item: AnalysisItem, configuration: AnalysisConfiguration) -> Double? {
        let excerptMB = configuration.excerptSeconds * Double(configuration.sampleRate) * 4 / 1_048_576
        switch item.source {
        case .file(let path):
            guard let properties = try? AudioDecoder.probe(path: path) else { return nil }
            let minutes = properties.durationSeconds / 60
            guard minutes.isFinite, minutes >= 0 else { return nil }
            return baseMB + excerptMB + perMinuteMB * minutes
        case .samples(let samples, let sampleRate):
            let ratio = Double(configuration.sampleRate) / Double(max(1, sampleRate))
            let copyMB = Double(samples.count) * max(1, ratio) * 4 / 1_048_576
            return baseMB + excerptMB + copyMB + perMinuteMB * Double(samples.count) / Double(max(1, sampleRate)) / 60
        }
    }
}
