import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes whole files atomically: readers see the old content or the new one, never a mix,
/// even when the process is killed mid-write.
///
/// The data goes to a hidden temporary file in the destination's directory (same file system),
/// is flushed to disk with `fsync`, then renamed over the destination (`rename(2)` is atomic on
/// POSIX file systems); the directory is synced too so the rename itself survives a crash.
public enum AtomicFile {
    /// Writes `data` to `url` atomically.
    /// - Parameters:
    ///   - data: The complete new content.
    ///   - url: The destination file URL.
    ///   - createDirectories: Create missing parent directories first.
    /// - Throws: `CocoaError`/`POSIXError` from the file system; the temporary file is removed.
    public static func write(_ data: Data, to url: URL, createDirectories: Bool = true) throws {
        try write(to: url, createDirectories: createDirectories) { handle in
            try handle.write(contentsOf: data)
        }
    }

    /// Streams content into `url` atomically: `body` writes to a temporary file's handle, which
    /// is then synced and renamed over `url`. Nothing replaces `url` when `body` throws.
    /// - Parameters:
    ///   - url: The destination file URL.
    ///   - createDirectories: Create missing parent directories first.
    ///   - body: Writes the complete new content to the handle (do not close it).
    /// - Throws: What `body` throws, or file-system errors; the temporary file is removed.
    public static func write(
        to url: URL, createDirectories: Bool = true, _ body: (FileHandle) throws -> Void
    ) throws {
        try refuseNonRegularTarget(url)
        let directory = url.deletingLastPathComponent()
        if createDirectories {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        }
        let temporary = directory.appendingPathComponent(
            ".\(url.lastPathComponent)\(temporaryMarker)\(getpid())-\(UUID().uuidString)")
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: temporary.path])
        }
        do {
            let handle = try FileHandle(forWritingTo: temporary)
            defer { try? handle.close() }
            try body(handle)
            try handle.synchronize()
            guard rename(temporary.path, url.path) == 0 else {
                throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
        syncDirectory(directory)
    }

    /// What names a temporary file of an unfinished write: `.NAME.tmp-PID-UUID`.
    static let temporaryMarker = ".tmp-"

    /// Whether a file name is that of a temporary file an interrupted write left behind.
    public static func isLeftover(fileName name: String) -> Bool {
        name.hasPrefix(".") && name.contains(temporaryMarker)
    }

    /// Renaming over a device, a FIFO or a symbolic link would replace it with a regular file (as root,
    /// `--csv /dev/stdout` replaced the `/dev/stdout` link): only a missing target or a regular file may
    /// be replaced.
    /// - Throws: ``AtomicFileError`` naming the path.
    static func refuseNonRegularTarget(_ url: URL) throws {
        var status = stat()
        guard lstat(url.path, &status) == 0 else { return }  // nothing there: created
        guard status.st_mode & S_IFMT == S_IFREG else {
            throw AtomicFileError(path: url.path)
        }
    }

    /// Flushes a directory's entries (best effort: some file systems refuse `fsync` on directories).
    static func syncDirectory(_ directory: URL) {
        let descriptor = open(directory.path, O_RDONLY)
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        _ = close(descriptor)
    }
}

/// An output path that is not a regular file (a device, a FIFO, a symbolic link), which an atomic write
/// would replace.
public struct AtomicFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The path given.
    public var path: String
    /// Creates the error.
    public init(path: String) { self.path = path }
    public var description: String {
        "\(path) is not a regular file (a device, a pipe or a link): an atomic write would replace it"
    }
}
