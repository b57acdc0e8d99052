import Foundation

/// The records a run could not write (a full disk, a read-only folder, a path that is a file), so
/// that a lost output is a failure the exit status reports, never a silent "ok". Thread-safe.
final class LostRecords: @unchecked Sendable {
    private let lock = NSLock()  // guards entries
    private var entries: [(path: String, reason: String)] = []

    /// Notes that the record of `path` was not written, and why.
    func record(_ path: String, _ error: any Error) {
        lock.withLock { entries.append((path, Self.describe(error))) }
    }

    /// A reader's words for a write error: Foundation's sentence for its own errors (not the NSError
    /// dump), the error's description otherwise.
    static func describe(_ error: any Error) -> String {
        if let error = error as? CocoaError { return error.localizedDescription }
        return "\(error)"
    }

    /// Whether every record was written.
    var isEmpty: Bool { lock.withLock { entries.isEmpty } }

    /// One line naming the lost records (the first ten) and the first reason; nil when none was lost.
    func summary() -> String? {
        lock.withLock {
            guard let first = entries.first else { return nil }
            let names = entries.prefix(10).map(\.path).joined(separator: ", ")
            let more = entries.count > 10 ? " and \(entries.count - 10) more" : ""
            return "\(entries.count) record(s) not written: \(names)\(more) (first error: \(first.reason))"
        }
    }
}
