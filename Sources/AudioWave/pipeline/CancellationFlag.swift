import Synchronization

/// Set once when the task that started some blocking work is cancelled; the work asks it between
/// blocks (``offPool(_:)``). Lock-free, shared between the task and a Dispatch worker.
final class CancellationFlag: Sendable {
    private let raised = Atomic<Bool>(false)

    /// Marks the work as no longer wanted.
    func cancel() { raised.store(true, ordering: .relaxed) }

    /// Whether the work should stop.
    var isCancelled: Bool { raised.load(ordering: .relaxed) }
}
