import Foundation
import StageEngine

/// Writes engine events as JSON lines (``EngineEvent/jsonLine()``: sorted keys, ISO 8601 times); called
/// from any task. A write that fails (a full disk, a closed pipe) is kept, not trapped on: the first
/// failure stops further writes and is reported by ``failure`` when the run ends.
final class EventLog: @unchecked Sendable {
    private let handle: FileHandle
    private let path: String
    private let lock = NSLock()  // guards handle and firstFailure
    private var firstFailure: String?

    /// Opens `path` as a shell's `>` does (create or truncate; a device or FIFO is written to, never
    /// replaced: `FileManager.createFile` would swap `/dev/stdout` for a regular file).
    init(path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw EventLogError(path: path, reason: String(cString: strerror(errno))) }
        handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        self.path = path
    }

    func write(_ event: EngineEvent) {
        lock.lock()
        defer { lock.unlock() }
        guard firstFailure == nil else { return }
        do {
            try handle.write(contentsOf: Data((try event.jsonLine() + "\n").utf8))
        } catch {
            firstFailure = "\(path): \(error.localizedDescription)"
        }
    }

    /// Flushes and closes the file.
    /// - Returns: why events were lost (the first failed write, or the flush), nil when none was.
    func close() -> String? {
        lock.lock()
        defer { lock.unlock() }
        do {
            try handle.synchronize()
            try handle.close()
        } catch {
            if firstFailure == nil { firstFailure = "\(path): \(error.localizedDescription)" }
        }
        return firstFailure
    }
}

/// The `--events` file could not be opened.
struct EventLogError: Error, CustomStringConvertible {
    var path: String
    var reason: String
    var description: String { "cannot open the events file \(path): \(reason)" }
}
