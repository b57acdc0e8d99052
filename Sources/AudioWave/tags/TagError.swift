import AudioWavePaths
import AudioWaveReport

/// An error reading or writing a file's tags. It always names the file and the reason.
///
/// Messages read well in a log: `song.mp3: read only: the process may not write the file`.
public struct TagError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is; written into reports as ``TagsReport/errorCode``.
    public var code: TagErrorCode
    /// The file, as the caller named it.
    public var path: String
    /// What happened.
    public var reason: String

    /// Creates an error for `path`.
    public init(_ code: TagErrorCode, path: String, reason: String) {
        self.code = code
        self.path = path
        self.reason = reason
    }

    /// `path: code: reason`, e.g. `song.mp3: read only: the process may not write the file`; bytes of the path
    /// that are not UTF-8 are shown as `\xHH`.
    public var description: String {
        "\(FileSystemPath.display(path)): \(code.rawValue.split(separator: "_").joined(separator: " ")): \(reason)"
    }
}
