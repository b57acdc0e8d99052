/// An async counting semaphore whose limit can change while it is in use: items wait in
/// `acquire(priority:group:)` for a free place; a freed place goes to the waiter of the highest
/// priority, first come first served within a priority. Lowering the limit never evicts holders;
/// it only stops new ones until enough have left. Cancellation of a waiting task ends its wait with
/// `CancellationError`; ``abandonWaiters(group:)`` ends the waits of one caller's items the same way.
final class AsyncLimiter: Sendable {
    private struct Waiter {
        var id: UInt64
        var priority: ItemPriority
        var group: UInt64?
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var limit: Int
        var inUse = 0
        var peak = 0
        /// Highest priority first; arrival order within a priority.
        var waiters: [Waiter] = []
        var nextID: UInt64 = 0
        /// Groups whose waits were abandoned: their later `acquire` calls fail at once.
        var abandoned: Set<UInt64> = []
    }

    private let state: Locked<State>

    init(limit: Int) {
        state = Locked(State(limit: max(1, limit)))
    }

    /// The current limit.
    var limit: Int { state.withLock { $0.limit } }
    /// Places taken now.
    var inUse: Int { state.withLock { $0.inUse } }
    /// The most places ever taken at once.
    var peak: Int { state.withLock { $0.peak } }
    /// Tasks waiting for a place now.
    var waiting: Int { state.withLock { $0.waiters.count } }

    /// Takes a place, waiting for one if all are taken.
    /// - Parameters:
    ///   - priority: Where the wait joins the line: after every waiter of the same or a higher priority.
    ///   - group: The caller's batch, so that ``abandonWaiters(group:)`` can end its waits. Default none.
    /// - Throws: `CancellationError` when the task is cancelled (or its group abandoned) before it
    ///   gets a place.
    func acquire(priority: ItemPriority = .normal, group: UInt64? = nil) async throws {
        let acquired = state.withLock { state -> Bool? in
            if let group, state.abandoned.contains(group) { return nil }
            guard state.inUse < state.limit, state.waiters.isEmpty else { return false }
            state.inUse += 1
            state.peak = max(state.peak, state.inUse)
            return true
        }
        switch acquired {
        case true?: return
        case nil: throw CancellationError()
        case false?: break
        }
        let id = state.withLock { state -> UInt64 in
            state.nextID += 1
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let resumeNow: Bool? = state.withLock { state in
                    if Task.isCancelled { return false }
                    if let group, state.abandoned.contains(group) { return false }
                    if state.inUse < state.limit, state.waiters.isEmpty {
                        state.inUse += 1
                        state.peak = max(state.peak, state.inUse)
                        return true
                    }
                    let waiter = Waiter(id: id, priority: priority, group: group, continuation: continuation)
                    let position = state.waiters.firstIndex { $0.priority < priority } ?? state.waiters.endIndex
                    state.waiters.insert(waiter, at: position)
                    return nil
                }
                switch resumeNow {
                case true?: continuation.resume()
                case false?: continuation.resume(throwing: CancellationError())
                case nil: break
                }
            }
        } onCancel: {
            let waiter = state.withLock { state -> Waiter? in
                guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                return state.waiters.remove(at: index)
            }
            waiter?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Gives a place back and hands it to the first waiter if the limit allows.
    func release() {
        let woken = state.withLock { state -> [Waiter] in
            state.inUse -= 1
            return Self.admitWaiters(&state)
        }
        for waiter in woken { waiter.continuation.resume() }
    }

    /// Changes the limit (at least 1); raising it wakes waiters.
    func setLimit(_ newLimit: Int) {
        let woken = state.withLock { state -> [Waiter] in
            state.limit = max(1, newLimit)
            return Self.admitWaiters(&state)
        }
        for waiter in woken { waiter.continuation.resume() }
    }

    /// Ends the wait of every waiter of `group` with `CancellationError`, and refuses the group's
    /// later requests: a batch that stops admitting lets go of its queued items at once instead of
    /// waiting for places other callers hold.
    func abandonWaiters(group: UInt64) {
        let dropped = state.withLock { state -> [Waiter] in
            state.abandoned.insert(group)
            let dropped = state.waiters.filter { $0.group == group }
            state.waiters.removeAll { $0.group == group }
            return dropped
        }
        for waiter in dropped { waiter.continuation.resume(throwing: CancellationError()) }
    }

    /// Whether ``abandonWaiters(group:)`` was called for `group` (and not yet forgotten).
    func isAbandoned(group: UInt64) -> Bool {
        state.withLock { $0.abandoned.contains(group) }
    }

    /// Forgets an abandoned group once its batch has ended (the set stays small).
    func forget(group: UInt64) {
        state.withLock { _ = $0.abandoned.remove(group) }
    }

    private static func admitWaiters(_ state: inout State) -> [Waiter] {
        var woken: [Waiter] = []
        while state.inUse < state.limit, !state.waiters.isEmpty {
            woken.append(state.waiters.removeFirst())
            state.inUse += 1
            state.peak = max(state.peak, state.inUse)
        }
        return woken
    }
}
