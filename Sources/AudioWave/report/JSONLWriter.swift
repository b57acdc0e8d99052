import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Appends one JSON object per line to a file, flushing and `fsync`ing after every line, so a
/// killed run loses at most the records still in flight.
///
/// An actor: any number of concurrent tasks may call ``write(_:)``; lines never interleave.
/// One writer per file: the writer holds an exclusive advisory lock (`flock`) on the file while
/// open, so a second writer — another process given the same `--jsonl` — fails at once with
/// ``JSONLWriterError/locked(_:)`` instead of interleaving lines (best effort: file systems
/// without `flock` support are written without the lock).
///
/// Opening an existing file in append mode repairs a torn tail first: if the last line has no
/// newline (the process was killed while writing it), that partial line is cut off, so the file
/// holds only complete records and the item it belonged to is simply analysed again.
public actor JSONLWriter {
    /// The file being written (`/dev/stdout` for a writer on a stream, see ``init(stream:syncsEachLine:)``).
    public nonisolated let url: URL
    private let handle: FileHandle
    /// The file's path, or "standard output", for errors.
    private let name: String
    /// Whether ``close()`` closes the handle (not when writing to a stream the writer was given).
    private let ownsHandle: Bool
    /// Whether `fsync` applies: a regular file (a pipe or a terminal cannot be synced).
    private let canSync: Bool
    private let encoder: JSONEncoder
    private var isClosed = false
    /// Number of lines written by this writer (not counting lines already in the file).
    public private(set) var linesWritten = 0
    /// Bytes of a torn last line that were cut off when the file was opened (0 when none).
    public nonisolated let repairedTailBytes: Int
    /// Whether every line is `fsync`ed before ``write(_:)`` returns (else only at ``close()``).
    public nonisolated let syncsEachLine: Bool

    /// Opens (creating if needed) a JSONL file for appending.
    /// - Parameters:
    ///   - url: The file; parent directories are created.
    ///   - truncate: Start from an empty file instead of appending.
    ///   - syncsEachLine: `fsync` after every line (default; reports). Pass false for high-rate
    ///     streams whose loss on a crash is acceptable (engine events): lines are still written
    ///     whole, and synced at ``close()``.
    /// - Throws: ``JSONLWriterError/locked(_:)`` when another writer has the file open (nothing is
    ///   changed then), or file-system errors when the file cannot be created or opened.
    public init(url: URL, truncate: Bool = false, syncsEachLine: Bool = true) throws {
        self.url = url
        self.syncsEachLine = syncsEachLine
        try FileManager.default.createDirectory(
            at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        if !FileManager.default.fileExists(atPath: url.path) {
            guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
            }
        }
        let handle = try FileHandle(forUpdating: url)
        do {
            if flock(handle.fileDescriptor, LOCK_EX | LOCK_NB) != 0, errno == EWOULDBLOCK {
                throw JSONLWriterError.locked(url.path)
            }
            if truncate { try handle.truncate(atOffset: 0) }
            self.repairedTailBytes = try Self.cutTornTail(of: handle)
            try handle.seekToEnd()
        } catch {
            try? handle.close()
            throw error
        }
        self.handle = handle
        self.name = url.path
        self.ownsHandle = true
        self.canSync = true
        self.encoder = ReportJSON.makeEncoder()
    }

    /// Writes to a stream that is already open and stays the caller's: standard output for `--jsonl -`.
    ///
    /// No lock is taken and nothing is repaired or truncated (a stream has no tail to read back); ``close()``
    /// does not close it. Lines are synced only when the stream is a regular file (a shell's `> out.jsonl`);
    /// a pipe or a terminal has nothing to sync.
    /// - Parameters:
    ///   - handle: The stream, e.g. `FileHandle.standardOutput`.
    ///   - syncsEachLine: `fsync` after every line when the stream is a regular file.
    public init(stream handle: FileHandle, syncsEachLine: Bool = true) {
        var status = stat()
        let isRegular = fstat(handle.fileDescriptor, &status) == 0 && status.st_mode & S_IFMT == S_IFREG
        self.url = URL(fileURLWithPath: "/dev/stdout")
        self.handle = handle
        self.name = "standard output"
        self.ownsHandle = false
        self.canSync = isRegular
        self.syncsEachLine = syncsEachLine
        self.repairedTailBytes = 0
        self.encoder = ReportJSON.makeEncoder()
    }

    /// Encodes `value` as one line, appends it and (by default) syncs the file.
    /// - Parameter value: A report, an engine event, any `Encodable`.
    /// - Throws: `EncodingError` (nothing is written then) or a file-system error.
    public func write<T: Encodable & Sendable>(_ value: T) throws {
        let line = try encoder.encode(value)
        try writeLine(line)
    }

    /// Appends already-encoded JSON as one line (a newline is added) and (by default) syncs the file.
    /// - Parameter json: One JSON value; it must not contain a newline byte.
    /// - Throws: `JSONLWriterError.embeddedNewline`, `.closed`, or a file-system error.
    public func writeLine(_ json: Data) throws {
        guard !isClosed else { throw JSONLWriterError.closed(name) }
        guard !json.contains(0x0A) else { throw JSONLWriterError.embeddedNewline(name) }
        var line = json
        line.append(0x0A)
        try handle.write(contentsOf: line)
        if syncsEachLine, canSync { try handle.synchronize() }
        linesWritten += 1
    }

    /// Syncs and closes the file (a stream given to ``init(stream:syncsEachLine:)`` is synced when it can be, and
    /// left open); later writes throw. Closing twice is harmless.
    public func close() throws {
        guard !isClosed else { return }
        isClosed = true
        if canSync { try handle.synchronize() }
        if ownsHandle { try handle.close() }
    }

    /// Truncates the file after its last newline when it does not end with one.
    /// - Returns: The number of bytes removed.
    static func cutTornTail(of handle: FileHandle) throws -> Int {
        let size = try handle.seekToEnd()
        guard size > 0 else { return 0 }
        let chunkSize: UInt64 = 64 * 1024
        var end = size
        var checkedLastByte = false
        while end > 0 {
            let start = end > chunkSize ? end - chunkSize : 0
            try handle.seek(toOffset: start)
            let chunk = try handle.read(upToCount: Int(end - start)) ?? Data()
            if !checkedLastByte {
                checkedLastByte = true
                if chunk.last == 0x0A { return 0 }
            }
            if let newline = chunk.lastIndex(of: 0x0A) {
                let keep = start + UInt64(newline - chunk.startIndex) + 1
                try handle.truncate(atOffset: keep)
                return Int(size - keep)
            }
            end = start
        }
        try handle.truncate(atOffset: 0)
        return Int(size)
    }
}

/// Errors of ``JSONLWriter`` beyond the file system's own.
public enum JSONLWriterError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A line was written after ``JSONLWriter/close()``; carries the file path.
    case closed(String)
    /// The encoded value contained a newline byte; carries the file path.
    case embeddedNewline(String)
    /// Another writer (usually another process) holds the file; carries the file path.
    case locked(String)

    /// A log-friendly message naming the file.
    public var description: String {
        switch self {
        case .closed(let path): "\(path): write after close"
        case .embeddedNewline(let path): "\(path): a JSONL line must not contain a newline"
        case .locked(let path): "\(path): another writer has this file open (two runs writing the same output?)"
        }
    }
}
