import AudioWavePaths
import AudioWaveReport

/// What `stat(2)` says about a path (following symbolic links), in the terms batch code needs.
struct FileStatus: Sendable, Hashable {
    typealias Kind = FileSystemStatus.Kind

    /// A directory's identity, stable while the directory exists: (device, inode).
    struct Identity: Sendable, Hashable {
        var device: UInt64
        var inode: UInt64
    }

    var kind: Kind
    var identity: Identity
    var facts: SourceFacts

    init(_ status: FileSystemStatus) {
        kind = status.kind
        identity = Identity(device: status.device, inode: status.inode)
        facts = SourceFacts(
            sizeBytes: status.sizeBytes, mtimeSeconds: status.mtimeSeconds, mtimeNanoseconds: status.mtimeNanoseconds)
    }

    /// The status of `path` (a lossless string, see `FileSystemPath`), or the `errno` of the failed call.
    static func of(_ path: String) -> Result<FileStatus, SystemError> {
        FileSystemPath.status(of: path).map(FileStatus.init)
    }

    /// The report error code for a failed `stat`, `open` or `opendir`.
    static func errorCode(for error: SystemError) -> ReportErrorCode {
        switch error {
        case .notFound, .notDirectory, .symbolicLinkLoop: .notFound
        case .accessDenied, .notPermitted: .permissionDenied
        default: .unreadable
        }
    }

    /// The reason for a failed call on `path`: the system's words ("No such file or directory"), or for a
    /// path too long for the system, its length and the limit.
    static func message(for error: SystemError, path: String) -> String {
        guard error == .nameTooLong else { return error.message }
        return "path is \(FileSystemPath.byteCount(path)) bytes, longer than the system allows "
            + "(PATH_MAX \(FileSystemPath.maximumLength)): it cannot be opened"
    }
}

extension SourceFacts {
    /// The size and modification time of the file at `path` now (following symbolic links).
    /// - Parameters:
    ///   - path: The file's path (its exact bytes, as ``ScannedFile/path`` holds them).
    ///   - relativePath: The name used in the error message (defaults to `path`).
    /// - Returns: Facts to compare with a report's `source` for resume.
    /// - Throws: A ``ReportError`` with code `not_found`, `permission_denied` or `unreadable`.
    public static func current(atPath path: String, relativePath: String? = nil) throws(ReportError) -> SourceFacts {
        switch FileStatus.of(path) {
        case .success(let status): return status.facts
        case .failure(let error):
            throw ReportError(
                code: FileStatus.errorCode(for: error),
                message:
                    "\(relativePath ?? FileSystemPath.display(path)): \(FileStatus.message(for: error, path: path))")
        }
    }
}
