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
    /// Relative paths of the regular files found in folders whose extension no decoder reads (cover art, playlists,
    /// text), in the order met: not audio, so not analysed; the CLI says how many there were, by extension.
    public var ignoredFiles: [String]

    /// Creates a scan result.
    public init(
        files: [ScannedFile], problems: [ScanProblem], skipped: [ScanProblem] = [], ignoredFiles: [String] = []
    ) {
        self.files = files
        self.problems = problems
        self.skipped = skipped
        self.ignoredFiles = ignoredFiles
    }

    /// How many ``ignoredFiles`` have each extension: ``extensionCounts(of:)``.
    public var ignoredExtensions: [(extension: String, count: Int)] { Self.extensionCounts(of: ignoredFiles) }

    /// How many of `paths` have each extension (lowercased, with its dot; `no extension` for a name without one), most frequent
    /// first, then by extension.
    public static func extensionCounts(of paths: [String]) -> [(extension: String, count: Int)] {
        var counts: [String: Int] = [:]
        for path in paths {
            let name = path.split(separator: "/").last.map(String.init) ?? path
            let dot = name.lastIndex(of: ".").flatMap { $0 == name.startIndex ? nil : $0 }
            counts[dot.map { name[$0...].lowercased() } ?? "no extension", default: 0] += 1
        }
        return counts.map { ($0.key, $0.value) }.sorted { $0.count != $1.count ? $0.count > $1.count : $0.0 < $1.0 }
    }

    /// Relative paths found under more than one root (their records would collide), sorted.
    public var duplicateRelativePaths: [String] {
        var seen = Set<String>()
        var duplicates = Set<String>()
        for file in files where !seen.insert(file.relativePath).inserted { duplicates.insert(file.relativePath) }
        return duplicates.sorted(by: PathOrder.precedes)
    }
}
