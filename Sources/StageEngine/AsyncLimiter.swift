/// An async counting semaphore whose limit can change while it is in use: items wait in
/// `acquire()` for a free place, in arrival order. Lowering the limit never evicts holders; it
/// only stops new ones until enough have left. Cancellation of a waiting task ends its wait
/// with `CancellationError`.
final class AsyncLimiter: Sendable {
    private struct Waiter {
        var id: UInt64
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var limit: Int
        var inUse = 0
        var peak = 0
        var waiters: [Waiter] = []
        var nextID: UInt64 = 0
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

    /// Takes a place, waiting for one if all are taken.
    /// - Throws: `CancellationError` when the task is cancelled before it gets a place.
    func acquire() async throws {
        let acquired = state.withLock { state -> Bool in
            guard state.inUse < state.limit, state.waiters.isEmpty else { return false }
            state.inUse += 1
            state.peak = max(state.peak, state.inUse)
            return true
        }
        if acquired { return }
        let id = state.withLock { state -> UInt64 in
            state.nextID += 1
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let resumeNow: Bool? = state.withLock { state in
                    if Task.isCancelled { return false }
                    if state.inUse < state.limit, state.waiters.isEmpty {
                        state.inUse += 1
                        state.peak = max(state.peak, state.inUse)
                        return true
                    }
                    state.waiters.append(Waiter(id: id, continuation: continuation))
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
