import AudioWavePaths
import AudioWaveReport
import Foundation

/// The outcome of a scan: files in a deterministic order, and what could not be scanned.
public struct ScanResult: Sendable, Hashable {
    /// Audio files: roots in the order given, each root's files sorted by relative path (bytewise).
    public var files: [ScannedFile]
    /// Paths that could not be scanned, in the order met: files (which deserve a `failed` record) and
    /// folders that could not be listed (``ScanProblem/isDirectory``).
    public var problems: [ScanProblem]
    /// Paths met that are neither analysed nor recorded, in the order met: special files named like
    /// audio files (FIFOs, devices, sockets, or links to them: reading one could block or never end) and
    /// entries that cannot even be examined (a broken link, a name `stat` refuses), which might have been
    /// folders of audio. The CLI lists them and counts them in its exit status.
    public var skipped: [ScanProblem]

    /// Creates a scan result.
    public init(files: [ScannedFile], problems: [ScanProblem], skipped: [ScanProblem] = []) {
        self.files = files
        self.problems = problems
        self.skipped = skipped
    }

    /// Relative paths found under more than one root (their records would collide), sorted.
    public var duplicateRelativePaths: [String] {
        var seen = Set<String>()
        var duplicates = Set<String>()
        for file in files where !seen.insert(file.relativePath).inserted { duplicates.insert(file.relativePath) }
        return duplicates.sorted(by: PathOrder.precedes)
    }
}
