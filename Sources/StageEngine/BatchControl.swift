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
    private struct State {
        var isStopping = false
        /// What running batches do when asked to stop, by registration number.
        var onStop: [UInt64: @Sendable () -> Void] = [:]
        var nextID: UInt64 = 0
    }

    private let state = Locked(State())

    /// Creates a control for one batch.
    public init() {}

    /// No item starts from now on (items still waiting for a place give it up at once); the items
    /// in flight run to the end. The batch's stop reason becomes `.stopped`. Calling it again does
    /// nothing.
    public func stopAdmitting() {
        let actions = state.withLock { state -> [@Sendable () -> Void] in
            guard !state.isStopping else { return [] }
            state.isStopping = true
            return Array(state.onStop.values)
        }
        for action in actions { action() }
    }

    /// Whether ``stopAdmitting()`` was called.
    public var isStopping: Bool { state.withLock { $0.isStopping } }

    /// Runs `action` when ``stopAdmitting()`` is called (at once if it already was), until
    /// ``removeStopAction(_:)`` with the number returned.
    func onStop(_ action: @escaping @Sendable () -> Void) -> UInt64 {
        let (id, runNow) = state.withLock { state -> (UInt64, Bool) in
            state.nextID += 1
            if !state.isStopping { state.onStop[state.nextID] = action }
            return (state.nextID, state.isStopping)
        }
        if runNow { action() }
        return id
    }

    /// Forgets an action registered with ``onStop(_:)``.
    func removeStopAction(_ id: UInt64) {
        state.withLock { _ = $0.onStop.removeValue(forKey: id) }
    }
}
