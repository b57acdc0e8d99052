import AudioWaveReport
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// What `stat(2)` says about a path (following symbolic links): the one place batch code calls it.
struct FileStatus: Sendable, Hashable {
    enum Kind: Sendable, Hashable { case regular, directory, other }

    /// A directory's identity, stable while the directory exists: (device, inode).
    struct Identity: Sendable, Hashable {
        var device: UInt64
        var inode: UInt64
    }

    var kind: Kind
    var identity: Identity
    var facts: SourceFacts

    /// The status of `path`, or the `errno` of the failed call.
    static func of(_ path: String) -> Result<FileStatus, POSIXError> {
        var info = stat()
        guard stat(path, &info) == 0 else { return .failure(POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)) }
        let type = info.st_mode & S_IFMT
        let kind: Kind = type == S_IFREG ? .regular : (type == S_IFDIR ? .directory : .other)
        #if canImport(Darwin)
            let mtime = info.st_mtimespec
        #else
            let mtime = info.st_mtim
        #endif
        return .success(
            FileStatus(
                kind: kind,
                identity: Identity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino)),
                facts: SourceFacts(
                    sizeBytes: Int64(info.st_size), mtimeSeconds: Int64(mtime.tv_sec),
                    mtimeNanoseconds: Int64(mtime.tv_nsec))))
    }

    /// The report error code for a failed `stat` or `opendir`.
    static func errorCode(for code: POSIXErrorCode) -> ReportErrorCode {
        switch code {
        case .ENOENT, .ENOTDIR, .ELOOP: .notFound
        case .EACCES, .EPERM: .permissionDenied
        default: .unreadable
        }
    }

    /// The system's description of an error code, e.g. "No such file or directory".
    static func message(for code: POSIXErrorCode) -> String {
        String(cString: strerror(code.rawValue))
    }
}

extension SourceFacts {
    /// The size and modification time of the file at `path` now (following symbolic links).
    /// - Parameters:
    ///   - path: The file's path.
    ///   - relativePath: The name used in the error message (defaults to `path`).
    /// - Returns: Facts to compare with a report's `source` for resume.
    /// - Throws: A ``ReportError`` with code `not_found`, `permission_denied` or `unreadable`.
    public static func current(atPath path: String, relativePath: String? = nil) throws(ReportError) -> SourceFacts {
        switch FileStatus.of(path) {
        case .success(let status): return status.facts
        case .failure(let error):
            throw ReportError(
                code: FileStatus.errorCode(for: error.code),
                message: "\(relativePath ?? path): \(FileStatus.message(for: error.code))")
        }
    }
}
