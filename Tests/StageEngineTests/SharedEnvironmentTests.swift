import Clocks
import Testing

@testable import StageEngine

/// A door handlers wait at until the test opens it (no clock, no timing).
final class Door: Sendable {
    private let isOpen = Shared(false)

    func open() { isOpen.withLock { $0 = true } }

    func wait() async {
        while !isOpen.current { await Task.yield() }
    }
}

/// Yields until `condition` holds; false if it still does not after many turns (the test then fails
/// instead of hanging).
func eventually(_ condition: () -> Bool) async -> Bool {
    for _ in 0..<200_000 {
        if condition() { return true }
        await Task.yield()
    }
    return condition()
}

@Suite("One environment per engine: limits, priority, breakers and statistics shared by every call")
struct SharedEnvironmentTests {
    @Test("8 concurrent runOne calls with max_items_in_flight 2: two run, six wait, all finish")
    func concurrentCallsShareTheItemLimit() async throws {
        var configuration = testConfiguration([.preparation, .finalization])
        configuration.maxItemsInFlight = 2
        let engine = try makeEngine(configuration)
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
            for item in 0..<8 {
                group.addTask {
                    let result = await engine.runOne(item)
                    results.withLock { $0.append(result) }
                }
            }
            let queued = await eventually { inside.total == 2 && engine.resources.items.waiting == 6 }
            #expect(queued)
            #expect(engine.statistics.active == 2)
            door.open()
        }
        #expect(inside.peak == 2)
        #expect(inside.total == 8)
        #expect(results.current.count == 8)
        #expect(results.current.allSatisfy { $0.status == .succeeded && $0.state.log == ["work", "f"] })
        let statistics = engine.statistics
        #expect(statistics.total == 8 && statistics.finished == 8 && statistics.succeeded == 8)
        #expect(statistics.active == 0)
    }

    @Test("two concurrent batches share the item limit and each stage's limit")
    func concurrentBatchesShareLimits() async throws {
        var configuration = testConfiguration([.preparation, .deepAnalysis])
        configuration.maxItemsInFlight = 3
        configuration.stageOverrides[.deepAnalysis] = StageOverride(maxParallelItems: 1)
        let engine = try makeEngine(configuration)
        let preparing = Gauge()
        let deep = Gauge()
        try engine.register("prepare", in: .preparation) { _ in
            preparing.enter()
            defer { preparing.leave() }
            for _ in 0..<20 { await Task.yield() }
            return .unchanged
        }
        try engine.register("deep", in: .deepAnalysis) { _ in
            deep.enter()
            defer { deep.leave() }
            for _ in 0..<20 { await Task.yield() }
            return .unchanged
        }
        async let first = engine.runBatch(Array(0..<12)) { _ in }
        async let second = engine.runBatch(Array(100..<112)) { _ in }
        let (a, b) = await (first, second)
        #expect(a.statistics.succeeded == 12 && b.statistics.succeeded == 12)
        #expect(preparing.peak <= 3)
        #expect(deep.peak == 1)
        #expect(engine.resources.items.peak <= 3)
        #expect(engine.statistics.total == 24 && engine.statistics.succeeded == 24)
    }

    @Test("a free place goes to the highest priority waiting, first come first served within a priority")
    func priorityThenArrival() async throws {
        var configuration = testConfiguration([.preparation])
        configuration.maxItemsInFlight = 1
        let engine = try makeEngine(configuration)
        let door = Door()
        let order = Shared<[Int]>([])
        try engine.register("work", in: .preparation) { context in
            order.withLock { $0.append(context.input) }
            if context.input == 0 { await door.wait() }
            return .unchanged
        }
        let holder = Task { await engine.runOne(0) }
        #expect(await eventually { order.current == [0] })
        let queued: [(Int, ItemPriority)] = [(1, .low), (2, .normal), (3, .high), (4, .normal), (5, .high), (6, .low)]
        var waiting: [Task<ItemResult<Track>, Never>] = []
        for (position, (item, priority)) in queued.enumerated() {
            waiting.append(Task { await engine.runOne(item, priority: priority) })
            #expect(await eventually { engine.resources.items.waiting == position + 1 })
        }
        door.open()
        _ = await holder.value
        for task in waiting { _ = await task.value }
        #expect(order.current == [0, 3, 5, 2, 4, 1, 6])
    }

    @Test("the limiter serves priorities, then arrival, and lowering the limit evicts nobody")
    func limiterOrder() async throws {
        let limiter = AsyncLimiter(limit: 1)
        try await limiter.acquire()
        let served = Shared<[String]>([])
        var tasks: [Task<Void, any Error>] = []
        for (name, priority) in [("low", ItemPriority.low), ("high-1", .high), ("normal", .normal), ("high-2", .high)] {
            tasks.append(
                Task {
                    try await limiter.acquire(priority: priority)
                    served.withLock { $0.append(name) }
                    limiter.release()
                })
            #expect(await eventually { limiter.waiting == tasks.count })
        }
        limiter.release()
        for task in tasks { try await task.value }
        #expect(served.current == ["high-1", "high-2", "normal", "low"])
        #expect(limiter.inUse == 0 && limiter.peak == 1)
    }

    @Test("stopAdmitting lets go at once of items waiting for places another call holds")
    func stopReleasesQueuedItems() async throws {
        var configuration = testConfiguration([.preparation])
        configuration.maxItemsInFlight = 1
        let engine = try makeEngine(configuration)
        let door = Door()
        try engine.register("work", in: .preparation) { context in
            if context.input == 0 { await door.wait() }
            return .unchanged
        }
        let holder = Task { await engine.runOne(0) }
        #expect(await eventually { engine.statistics.active == 1 })
        let control = BatchControl()
        let batch = Task { await engine.runBatch([1, 2, 3], control: control) { _ in } }
        #expect(await eventually { engine.resources.items.waiting == 1 })
        control.stopAdmitting()
        let report = await batch.value  // returns while item 0 still holds the only place
        #expect(report.results.isEmpty)
        #expect(report.unstartedIndices == [0, 1, 2])
        #expect(report.stopReason?.kind == .stopped)
        #expect(engine.statistics.active == 1)
        door.open()
        #expect(await holder.value.status == .succeeded)
    }

    @Test("cancelling one call while it waits for a place ends it at once as cancelled; the others go on")
    func cancelWhileWaiting() async throws {
        var configuration = testConfiguration([.preparation])
        configuration.maxItemsInFlight = 1
        let engine = try makeEngine(configuration)
        let door = Door()
        let ran = Shared<[Int]>([])
        try engine.register("work", in: .preparation) { context in
            ran.withLock { $0.append(context.input) }
            if context.input == 0 { await door.wait() }
            return .unchanged
        }
        let holder = Task { await engine.runOne(0) }
        #expect(await eventually { ran.current == [0] })
        let cancelled = Task { await engine.runOne(1) }
        let next = Task { await engine.runOne(2) }
        #expect(await eventually { engine.resources.items.waiting == 2 })
        cancelled.cancel()
        let result = await cancelled.value  // returns while item 0 still holds the only place
        #expect(result.status == .cancelled && result.stages.isEmpty)
        #expect(engine.resources.items.waiting == 1)
        door.open()
        #expect(await holder.value.status == .succeeded)
        #expect(await next.value.status == .succeeded)
        #expect(ran.current == [0, 2])
    }

    @Test("failures in separate calls open a handler's circuit for the next call")
    func breakersSharedAcrossCalls() async throws {
        var configuration = testConfiguration([.preparation, .deepAnalysis])
        configuration.maxRetriesPerStage = 0
        configuration.circuitBreaker = CircuitBreakerConfiguration(
            failureThreshold: 2, successThreshold: 1, resetSeconds: 600)
        let engine = try makeEngine(configuration)
        let calls = Gauge()
        try engine.register(marking("p", in: .preparation))
        try engine.register("broken", in: .deepAnalysis) { _ in
            calls.enter()
            throw FakeError(message: "broken")
        }
        var statuses: [StageStatus?] = []
        for item in 0..<4 { statuses.append(await engine.runOne(item).record(for: .deepAnalysis)?.status) }
        #expect(statuses == [.failed, .failed, .circuitOpen, .circuitOpen])
        #expect(calls.total == 2)
    }

    @Test(
        "an open circuit skips only its handler: the others run and commit, the item is partial and says what is missing"
    )
    func perHandlerBreaker() async throws {
        var configuration = testConfiguration([.preparation, .deepAnalysis, .finalization])
        configuration.maxRetriesPerStage = 0
        configuration.minSuccessRatePerStage = 0
        configuration.circuitBreaker = CircuitBreakerConfiguration(
            failureThreshold: 2, successThreshold: 1, resetSeconds: 600)
        let engine = try makeEngine(configuration)
        try engine.register(marking("p", in: .preparation))
        let tempoCalls = Gauge()
        try engine.register("tempo", in: .deepAnalysis) { _ in
            tempoCalls.enter()
            throw FakeError(message: "tempo broke")
        }
        try engine.register(marking("key", in: .deepAnalysis))
        try engine.register(marking("f", in: .finalization))
        let events = EventLog()
        var results: [ItemResult<Track>] = []
        for item in 0..<4 { results.append(await engine.runOne(item, onEvent: events.sink)) }
        #expect(tempoCalls.total == 2)
        // Items 0 and 1: tempo fails, the stage commits nothing.
        #expect(results[0].record(for: .deepAnalysis)?.status == .failed)
        #expect(results[0].state.log == ["p", "f"])
        // Items 2 and 3: tempo's circuit is open; key still runs and commits.
        for result in results[2...] {
            let deep = try #require(result.record(for: .deepAnalysis))
            #expect(deep.status == .completed)
            #expect(deep.skippedHandlers == ["tempo"])
            #expect(result.state.log == ["p", "key", "f"])
            #expect(result.status == .partial)
            #expect(result.errors.map(\.kind) == [.circuitOpen])
            #expect(result.errors.first?.handler == "tempo")
        }
        #expect(events.of(.stageSkipped).compactMap(\.handler) == ["tempo", "tempo"])
        #expect(events.of(.itemPartial).count == 4)
    }

    @Test("without partial results an open circuit still skips the whole stage and fails the item")
    func perHandlerBreakerWithoutPartial() async throws {
        var configuration = testConfiguration([.preparation, .deepAnalysis])
        configuration.maxRetriesPerStage = 0
        configuration.allowPartialResults = false
        configuration.circuitBreaker = CircuitBreakerConfiguration(
            failureThreshold: 1, successThreshold: 1, resetSeconds: 600)
        let engine = try makeEngine(configuration)
        try engine.register(marking("p", in: .preparation))
        try engine.register("tempo", in: .deepAnalysis) { _ in throw FakeError(message: "tempo broke") }
        let keyCalls = Gauge()
        try engine.register("key", in: .deepAnalysis) { _ in
            keyCalls.enter()
            return .unchanged
        }
        _ = await engine.runOne(0)
        let second = await engine.runOne(1)
        #expect(second.status == .failed)
        #expect(second.record(for: .deepAnalysis)?.status == .circuitOpen)
        #expect(keyCalls.total == 1)
    }
}
