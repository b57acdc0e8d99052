import Clocks
import Testing

@testable import StageEngine

/// Admission by expected memory: an item starts only when the estimates of the items in flight leave room
/// for its own under `memory_threshold_mb` (issue 13, item 3).
@Suite("Memory admission")
struct MemoryAdmissionTests {
    @Test("a weighted limiter lets requests in while they fit, and one heavier than the limit alone")
    func weightedLimiter() async throws {
        let limiter = AsyncLimiter(limit: 100)
        try await limiter.acquire(weight: 60)
        let second = Task { try await limiter.acquire(weight: 60) }
        #expect(await eventually { limiter.waiting == 1 })
        // 30 would fit beside the first, but the line is not empty: it queues behind the heavy request.
        let third = Task { try await limiter.acquire(weight: 30) }
        #expect(await eventually { limiter.waiting == 2 })
        limiter.release(weight: 60)
        try await second.value
        try await third.value
        #expect(limiter.inUse == 90)
        limiter.release(weight: 60)
        limiter.release(weight: 30)
        try await limiter.acquire(weight: 500)  // heavier than the whole limit: alone, at once
        #expect(limiter.inUse == 500)
        let behind = Task { try await limiter.acquire(weight: 1) }
        #expect(await eventually { limiter.waiting == 1 })
        limiter.release(weight: 500)
        try await behind.value
        #expect(limiter.inUse == 1)
    }

    @Test(
        "items estimated at 60 MiB under a 100 MiB threshold run one at a time; at 30 MiB three at a time",
        arguments: [(60.0, 1), (30.0, 3), (1000.0, 1)])
    func engineAdmitsByEstimate(estimate: Double, expectedPeak: Int) async throws {
        var configuration = testConfiguration([.preparation, .finalization])
        configuration.maxItemsInFlight = 8
        configuration.memoryThresholdMB = 100
        let engine = try WaveEngine<Int, Track>(
            configuration: configuration, clock: TestClock(), resourceProbe: FixedResourceProbe(),
            itemID: { "item-\($0)" }, memoryEstimate: { _ in estimate }
        ) { Track(item: $0) }
        let door = Door()
        let inside = Gauge()
        try engine.register("work", in: .preparation) { _ in
            inside.enter()
            defer { inside.leave() }
            await door.wait()
            return StageOutcome { $0.log.append("work") }
        }
        try engine.register(marking("f", in: .finalization))
        let results = Shared<[ItemResult<Track>]>([])
        await withTaskGroup(of: Void.self) { group in
            for item in 0..<6 {
                group.addTask {
                    let result = await engine.runOne(item)
                    results.withLock { $0.append(result) }
                }
            }
            let settled = await eventually {
                inside.total == expectedPeak && engine.resources.memory.waiting == 6 - expectedPeak
            }
            #expect(settled, "in flight \(inside.total), waiting \(engine.resources.memory.waiting)")
            door.open()
        }
        #expect(inside.peak == expectedPeak)
        #expect(results.current.count == 6 && results.current.allSatisfy { $0.status == .succeeded })
        #expect(engine.resources.memory.inUse == 0)
    }
}
