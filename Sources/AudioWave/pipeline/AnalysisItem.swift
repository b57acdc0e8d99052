import AudioWaveAnalysis
import AudioWaveBatch
import AudioWaveDSP
import AudioWaveIO
import AudioWaveReport
import StageEngine

/// One thing to analyse: a file on disk or samples already in memory, with the name its report carries.
public struct AnalysisItem: Sendable, Hashable, CustomStringConvertible {
    /// Where the audio comes from.
    public enum Source: Sendable, Hashable {
        /// A file libsndfile or FFmpeg can read.
        case file(path: String)
        /// Mono samples at `sampleRate` Hz, already decoded by the caller.
        case samples([Float], sampleRate: Int)
    }

    /// Where the audio comes from.
    public var source: Source
    /// The name written into the report as `relative_path` (a path relative to the batch root, or any label).
    public var relativePath: String

    /// A file, reported under `relativePath` (default: the path as given).
    public init(path: String, relativePath: String? = nil) {
        self.source = .file(path: path)
        self.relativePath = relativePath ?? path
    }

    /// Samples in memory, reported under `name`.
    public init(samples: [Float], sampleRate: Int, name: String) {
        self.source = .samples(samples, sampleRate: sampleRate)
        self.relativePath = name
    }

    /// The path for a file, `relativePath` for samples: how the item is named in events.
    public var description: String { relativePath }

    /// The file's path, when the item is a file.
    public var path: String? {
        if case .file(let path) = source { return path }
        return nil
    }
}
