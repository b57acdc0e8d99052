/// An async counting semaphore whose limit can change while it is in use: items wait in
/// `acquire(weight:priority:group:)` for a free place; a freed place goes to the waiter of the highest
/// priority, first come first served within a priority. A request may take several units (`weight`, e.g.
/// the MiB an item is expected to need); one heavier than the whole limit is let in alone, when nothing
/// else holds a unit, so it cannot wait forever. Lowering the limit never evicts holders;
/// it only stops new ones until enough have left. Cancellation of a waiting task ends its wait with
/// `CancellationError`; ``abandonWaiters(group:)`` ends the waits of one caller's items the same way.
final class AsyncLimiter: Sendable {
    private struct Waiter {
        var id: UInt64
        var weight: Int
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
    func acquire(weight: Int = 1, priority: ItemPriority = .normal, group: UInt64? = nil) async throws {
        let weight = max(1, weight)
        let acquired = state.withLock { state -> Bool? in
            if let group, state.abandoned.contains(group) { return nil }
            guard Self.fits(weight, in: state), state.waiters.isEmpty else { return false }
            state.inUse += weight
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
                    if Self.fits(weight, in: state), state.waiters.isEmpty {
                        state.inUse += weight
                        state.peak = max(state.peak, state.inUse)
                        return true
                    }
                    let waiter = Waiter(
                        id: id, weight: weight, priority: priority, group: group, continuation: continuation)
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

    /// Gives `weight` units back (what the matching ``acquire(weight:priority:group:)`` took) and hands
    /// them to the first waiters the limit allows.
    func release(weight: Int = 1) {
        let woken = state.withLock { state -> [Waiter] in
            state.inUse = max(0, state.inUse - max(1, weight))
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

    /// Whether `weight` more units fit: within the limit, or alone when heavier than the whole limit.
    private static func fits(_ weight: Int, in state: State) -> Bool {
        state.inUse + weight <= state.limit || state.inUse == 0
    }

    /// Admits waiters in line order while the first one fits (a heavy request at the head holds the
    /// lighter ones behind it, so it is not starved).
    private static func admitWaiters(_ state: inout State) -> [Waiter] {
        var woken: [Waiter] = []
        while let first = state.waiters.first, fits(first.weight, in: state) {
            woken.append(state.waiters.removeFirst())
            state.inUse += first.weight
            state.peak = max(state.peak, state.inUse)
        }
        return woken
    }
}
