/// One timer for a whole batch: tasks wait for a deadline here instead of each starting its
/// own clock sleep. A single timer loop (a child task of the batch) sleeps on the injected
/// clock until the earliest deadline, wakes the waiters whose time has come, and re-arms.
///
/// Why: a clock sleep per stage attempt costs a system timer (on Linux a dispatch timer plus
/// an eventfd wake-up of the manager thread) and leaves it pending until its deadline even
/// after cancellation; with 300 s timeouts and millisecond stages that dominated the engine's
/// overhead. Here an attempt that finishes in time costs two lock sections and no timer.
final class DeadlineScheduler: Sendable {
    private struct Waiter {
        var deadline: Duration
        var continuation: CheckedContinuation<Bool, Never>
    }

    private struct State {
        var waiters: [UInt64: Waiter] = [:]
        var nextID: UInt64 = 0
        /// The deadline the timer loop sleeps until, `nil` when it waits for work.
        var armed: Duration?
        /// The timer loop's wake-up call while it waits or sleeps.
        var wake: CheckedContinuation<Void, Never>?
        /// A wake-up that arrived while the loop was not waiting.
        var pendingWake = false
        /// The loop has ended: waits return `false` at once.
        var isStopped = false
    }

    private let clock: EngineClock
    private let state = Locked(State())

    init(clock: EngineClock) {
        self.clock = clock
    }

    /// Suspends until `deadline` (elapsed time on the engine clock) has passed.
    /// - Returns: `true` when the deadline passed, `false` when the task was cancelled first.
    func wait(until deadline: Duration) async -> Bool {
        let id = state.withLock { state -> UInt64 in
            state.nextID += 1
            return state.nextID
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
                let (immediate, wake) = state.withLock { state -> (Bool?, CheckedContinuation<Void, Never>?) in
                    if Task.isCancelled || state.isStopped { return (false, nil) }
                    state.waiters[id] = Waiter(deadline: deadline, continuation: continuation)
                    guard state.armed.map({ deadline < $0 }) ?? true else { return (nil, nil) }
                    state.armed = deadline
                    return (nil, Self.takeWake(&state))
                }
                wake?.resume()
                if let immediate { continuation.resume(returning: immediate) }
            }
        } onCancel: {
            let waiter = state.withLock { $0.waiters.removeValue(forKey: id) }
            waiter?.continuation.resume(returning: false)
        }
    }

    /// The timer loop: run it in a child task for as long as anything may wait; it returns
    /// when that task is cancelled, waking every remaining waiter with `false` (and any later
    /// `wait` returns `false` at once).
    func run() async {
        while !Task.isCancelled {
            let next = state.withLock { state -> Duration? in
                let earliest = state.waiters.values.min { $0.deadline < $1.deadline }?.deadline
                state.armed = earliest
                return earliest
            }
            if let next {
                await withTaskGroup(of: Void.self) { group in
                    let clock = self.clock
                    group.addTask { try? await clock.sleepUntil(next) }
                    group.addTask { await self.waitForWake() }
                    await group.next()
                    group.cancelAll()
                }
            } else {
                await waitForWake()
            }
            let now = clock.now()
            let due = state.withLock { state -> [Waiter] in
                let ids = state.waiters.filter { $0.value.deadline <= now }.map(\.key)
                return ids.compactMap { state.waiters.removeValue(forKey: $0) }
            }
            for waiter in due { waiter.continuation.resume(returning: true) }
        }
        let remaining = state.withLock { state -> [Waiter] in
            state.isStopped = true
            defer { state.waiters.removeAll() }
            return Array(state.waiters.values)
        }
        for waiter in remaining { waiter.continuation.resume(returning: false) }
    }

    private func waitForWake() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    if state.pendingWake || Task.isCancelled {
                        state.pendingWake = false
                        return true
                    }
                    state.wake = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let wake = state.withLock { state -> CheckedContinuation<Void, Never>? in
                defer { state.wake = nil }
                return state.wake
            }
            wake?.resume()
        }
    }

    /// Takes the loop's wake-up call, or leaves a note that one is due.
    private static func takeWake(_ state: inout State) -> CheckedContinuation<Void, Never>? {
        guard let wake = state.wake else {
            state.pendingWake = true
            return nil
        }
        state.wake = nil
        return wake
    }
}
