import Dispatch
import Foundation
import Synchronization

/// A fixed set of threads, one per core, for the pipeline's blocking CPU work (decoding, the feature
/// pass, tempo, key, aggregation): however many items and stages the engine lets in, at most
/// ``threadCount`` heavy jobs run at once in the process, and the others wait in line (first come
/// first served) without holding a thread. Swift's cooperative pool stays free for the engine's
/// timers and bookkeeping; Dispatch's global queues, which grow to dozens of threads when jobs
/// block, are not used.
///
/// A job whose task is cancelled while it waits in line leaves the line at once (its caller gets
/// `CancellationError`); a running job is told through its ``CancellationFlag``.
final class WorkerPool: Sendable {
    /// The process's pool: as many threads as active cores.
    static let shared = WorkerPool(threadCount: ProcessInfo.processInfo.activeProcessorCount)

    /// Threads that run jobs.
    let threadCount: Int
    private let core: Core

    /// Starts `threadCount` (at least 1) threads; they end when the pool is released.
    init(threadCount: Int) {
        self.threadCount = max(1, threadCount)
        core = Core()
        for index in 0..<self.threadCount {
            let thread = Thread { [core] in core.work() }
            thread.name = "audiowave-worker-\(index)"
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    deinit {
        core.shutDown(threads: threadCount)
    }

    /// Jobs waiting for a thread now.
    var waiting: Int { core.waiting }
    /// Jobs running now.
    var running: Int { core.running }
    /// The most jobs ever running at once.
    var peakRunning: Int { core.peakRunning }

    /// Runs `work` on one of the pool's threads and returns its result.
    /// - Throws: What `work` throws; `CancellationError` when the task is cancelled before a thread
    ///   takes the job.
    func run<T: Sendable>(_ work: @escaping @Sendable (CancellationFlag) throws -> T) async throws -> T {
        let flag = CancellationFlag()
        let id = core.nextID()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
                let job = Job(
                    id: id, run: { continuation.resume(with: Result { try work(flag) }) },
                    abandon: { continuation.resume(throwing: CancellationError()) })
                // Checked here, in the task: a cancellation that came before the job was queued finds
                // nothing to remove, so the job must not be queued at all. (One raised while this line
                // runs may still miss the job: it then starts with its flag already raised.)
                if Task.isCancelled || !core.enqueue(job) { job.abandon() }
            }
        } onCancel: {
            flag.cancel()
            core.remove(id)?.abandon()
        }
    }
}

/// One queued piece of work: `run` does it and resumes its caller, `abandon` resumes the caller
/// with `CancellationError` instead. Exactly one of them is called.
private struct Job: Sendable {
    let id: UInt64
    let run: @Sendable () -> Void
    let abandon: @Sendable () -> Void
}

/// The line of jobs and the threads' loop, kept apart from ``WorkerPool`` so the threads do not keep
/// the pool alive.
private final class Core: Sendable {
    private struct State {
        /// Jobs in arrival order from `head`; a slot is emptied when its job is taken, so a job that ran
        /// (and the state its closures captured) is not kept until the line is compacted.
        var line: [Job?] = []
        var head = 0
        var nextID: UInt64 = 0
        var running = 0
        var peakRunning = 0
        var isShutDown = false
    }

    private let state = Mutex(State())
    /// One signal per job queued (and per thread at shutdown).
    private let signals = DispatchSemaphore(value: 0)

    var waiting: Int { state.withLock { $0.line.count - $0.head } }
    var running: Int { state.withLock { $0.running } }
    var peakRunning: Int { state.withLock { $0.peakRunning } }

    func nextID() -> UInt64 {
        state.withLock { state in
            state.nextID += 1
            return state.nextID
        }
    }

    /// Queues a job; false when the pool is shut down.
    func enqueue(_ job: Job) -> Bool {
        let accepted = state.withLock { state -> Bool in
            guard !state.isShutDown else { return false }
            state.line.append(job)
            return true
        }
        if accepted { signals.signal() }
        return accepted
    }

    /// Takes a job that has not started out of the line.
    func remove(_ id: UInt64) -> Job? {
        state.withLock { state in
            guard let index = state.line[state.head...].firstIndex(where: { $0?.id == id }) else { return nil }
            return state.line.remove(at: index)
        }
    }

    /// A thread's loop: waits for a job, runs it, until shutdown.
    func work() {
        while true {
            signals.wait()
            let next = state.withLock { state -> Job?? in
                if state.isShutDown { return .none }
                guard state.head < state.line.count else { return .some(nil) }  // removed by a cancellation
                let taken = state.line[state.head]
                state.line[state.head] = nil
                state.head += 1
                if state.head > 64, state.head * 2 > state.line.count {
                    state.line.removeFirst(state.head)
                    state.head = 0
                }
                guard let job = taken else { return .some(nil) }
                state.running += 1
                state.peakRunning = max(state.peakRunning, state.running)
                return .some(job)
            }
            guard let job = next else { return }
            guard let job else { continue }
            job.run()
            state.withLock { $0.running -= 1 }
        }
    }

    /// Ends every thread after its current job; jobs still in line are abandoned.
    func shutDown(threads: Int) {
        let abandoned = state.withLock { state -> [Job] in
            state.isShutDown = true
            defer {
                state.line.removeAll()
                state.head = 0
            }
            return state.line[state.head...].compactMap { $0 }
        }
        for job in abandoned { job.abandon() }
        for _ in 0..<threads { signals.signal() }
    }
}
