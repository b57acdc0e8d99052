import AudioWavePaths
import AudioWaveReport
import Foundation

/// An audio file found by ``FileScanner``.
public struct ScannedFile: Sendable, Hashable {
    /// The file's path as reached from the root (symbolic links not resolved), with the exact bytes of
    /// its name: a name that is not UTF-8 is carried losslessly (see ``relativePath`` for the readable
    /// form). Open the file through this path (`AudioAnalyzer.analyze(path:relativePath:)` does).
    public var path: String
    /// The path relative to ``root``, `/`-separated: the key of reports, resume, shards and merge. Bytes
    /// of a name that are not UTF-8 are written `\xHH` (e.g. `caf\xE9.wav`).
    public var relativePath: String
    /// The folder the file was found under (for a file given directly: its parent folder).
    public var root: URL

    /// ``path`` as a file URL.
    public var url: URL {
        get { URL(fileURLWithPath: path) }
        set { path = newValue.path }
    }

    /// Creates a scanned file.
    public init(path: String, relativePath: String, root: URL) {
        self.path = path
        self.relativePath = relativePath
        self.root = root
    }

    /// Creates a scanned file from a URL.
    public init(url: URL, relativePath: String, root: URL) {
        self.init(path: url.path, relativePath: relativePath, root: root)
    }
}
