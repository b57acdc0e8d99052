import Synchronization

/// A handle to steer a running batch from outside it: ask it to stop admitting items while the
/// items in flight finish normally (a graceful stop, e.g. on the first Ctrl-C). Cancelling the
/// batch's task is the hard stop: items in flight are cancelled too.
///
/// ```swift
/// let control = BatchControl()
/// async let report = engine.runBatch(items, control: control) { _ in }
/// control.stopAdmitting()
/// ```
public final class BatchControl: Sendable {
    private let stopping = Mutex(false)

    /// Creates a control for one batch.
    public init() {}

    /// No item starts from now on; the items in flight run to the end. The batch's stop reason
    /// becomes `.stopped`. Calling it again does nothing.
    public func stopAdmitting() {
        stopping.withLock { $0 = true }
    }

    /// Whether ``stopAdmitting()`` was called.
    public var isStopping: Bool { stopping.withLock { $0 } }
}
