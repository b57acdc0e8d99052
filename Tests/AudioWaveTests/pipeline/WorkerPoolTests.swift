import Dispatch
import Foundation
import Testing

@testable import AudioWave

/// Waits until `condition` holds, looking every millisecond (a safety net of a minute, never an outcome).
private func eventually(_ condition: () -> Bool) async -> Bool {
    for _ in 0..<60_000 {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(1))
    }
    return condition()
}

@Suite("The worker pool for the pipeline's heavy work")
struct WorkerPoolTests {
    @Test("the worker pool runs at most its thread count at once; a job cancelled in line leaves it at once")
    func workerPoolIsBounded() async throws {
        let pool = WorkerPool(threadCount: 2)
        let gate = DispatchSemaphore(value: 0)
        let jobs = (0..<5).map { number in
            Task {
                try await pool.run { _ in
                    gate.wait()
                    return number
                }
            }
        }
        #expect(await eventually { pool.running == 2 && pool.waiting == 3 })
        let queued = Task { try await pool.run { _ in 99 } }
        #expect(await eventually { pool.waiting == 4 })
        queued.cancel()
        await #expect(throws: CancellationError.self) { try await queued.value }
        #expect(pool.waiting == 3 && pool.running == 2)
        for _ in 0..<5 { gate.signal() }
        var values: [Int] = []
        for job in jobs { values.append(try await job.value) }
        #expect(values == [0, 1, 2, 3, 4])
        #expect(pool.peakRunning == 2)
    }

    @Test("a running job is told through its flag when its task is cancelled, and the pool is sized to the cores")
    func runningJobSeesCancellation() async throws {
        #expect(WorkerPool.shared.threadCount == ProcessInfo.processInfo.activeProcessorCount)
        let pool = WorkerPool(threadCount: 1)
        let job = Task {
            try await pool.run { flag -> Int in
                var blocks = 0
                while !flag.isCancelled { blocks += 1 }  // a decode loop asking between blocks
                return blocks
            }
        }
        #expect(await eventually { pool.running == 1 })
        job.cancel()
        #expect(try await job.value >= 0)  // it ended: the flag stopped the loop
        #expect(await eventually { pool.running == 0 })
    }

    @Test("a job that ran is let go: what its closure captured is freed, not kept until the line is compacted")
    func finishedJobsAreReleased() async throws {
        final class Payload: Sendable {}
        let pool = WorkerPool(threadCount: 1)
        weak var watched: Payload?
        for _ in 0..<3 {
            let payload = Payload()
            watched = payload
            _ = try await pool.run { _ in withExtendedLifetime(payload) { 1 } }
        }
        // Only the caller's references are gone now; the pool must hold none (it kept up to 64 before).
        #expect(await eventually { watched == nil })
    }
}
