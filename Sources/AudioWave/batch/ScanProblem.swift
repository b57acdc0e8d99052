import AudioWavePaths
import AudioWaveReport
import Foundation

/// Something the scanner could not look at; it never stops the scan.
public struct ScanProblem: Sendable, Hashable, CustomStringConvertible {
    /// The path as given or reached.
    public var path: String
    /// The path relative to its root (the name itself for a path given directly).
    public var relativePath: String
    /// `not_found` (missing path, broken link), `permission_denied` or `unreadable`.
    public var code: ReportErrorCode
    /// True when the problem is a folder that could not be listed (its files are unknown), false
    /// for a single file (which deserves a `failed` record).
    public var isDirectory: Bool
    /// A log-friendly message naming the path.
    public var message: String

    /// Creates a problem record.
    public init(path: String, relativePath: String, code: ReportErrorCode, isDirectory: Bool, message: String) {
        self.path = path
        self.relativePath = relativePath
        self.code = code
        self.isDirectory = isDirectory
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
