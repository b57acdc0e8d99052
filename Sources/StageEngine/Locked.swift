import Foundation

/// A value guarded by a lock: the engine's small shared mutable states (breakers, statistics,
/// limiters, registries) live in one of these.
///
/// `@unchecked Sendable` is sound because every access to `value` goes through `withLock`,
/// which holds `lock` for the duration of the closure. `NSLock` is used instead of
/// `Synchronization.Mutex` so the module also builds on macOS 14.
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) {
        self.value = value
    }

    /// Runs `body` with exclusive access to the guarded value.
    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
