import Clocks
import StageEngine
import Testing

/// A probe that plays back readings, repeating the last one.
final class ScriptedProbe: ResourceProbe {
    private let readings: Shared<[ResourceSample]>

    init(_ readings: [ResourceSample]) { self.readings = Shared(readings) }

    func sample() -> ResourceSample {
        readings.withLock { readings in
            readings.count > 1
                ? readings.removeFirst() : readings.first ?? ResourceSample(residentMemoryMB: nil, cpuPercent: nil)
        }
    }
}

@Suite("Resource governor")
struct ResourceGovernorTests {
    private func memory(_ megabytes: Double) -> ResourceSample {
        ResourceSample(residentMemoryMB: megabytes, cpuPercent: nil)
    }
    private func cpu(_ percent: Double) -> ResourceSample { ResourceSample(residentMemoryMB: nil, cpuPercent: percent) }

    @Test("memory pressure halves the limit down to 1, never 0, and calm raises it one step at a time")
    func memoryPressure() {
        var governor = ResourceGovernor(maxItems: 8, memoryThresholdMB: 1000, cpuThresholdPercent: 80)
        var limits: [Int] = []
        for _ in 0..<5 {
            _ = governor.evaluate(memory(1500))
            limits.append(governor.itemLimit)
        }
        #expect(limits == [4, 2, 1, 1, 1])
        limits = []
        for _ in 0..<8 {
            _ = governor.evaluate(memory(300))
            limits.append(governor.itemLimit)
        }
        #expect(limits == [2, 3, 4, 5, 6, 7, 8, 8])
    }

    @Test("CPU pressure shrinks the limit the same way and the change names the cause")
    func cpuPressure() {
        var governor = ResourceGovernor(maxItems: 3, memoryThresholdMB: 1000, cpuThresholdPercent: 80)
        let change = governor.evaluate(cpu(95))
        #expect(change?.from == 3 && change?.to == 1)
        #expect(change?.reason == "cpu 95 % > 80 %")
        #expect(governor.evaluate(cpu(99)) == nil)
        #expect(governor.evaluate(cpu(75)) == nil)  // below the threshold but within 10 %: hold
        #expect(governor.evaluate(cpu(10))?.to == 2)
    }

    @Test("stage limits scale with the item limit and stay at least 1")
    func stageLimits() {
        var governor = ResourceGovernor(maxItems: 8, memoryThresholdMB: 1000, cpuThresholdPercent: 80)
        #expect(governor.stageLimit(configured: 10) == 10)
        _ = governor.evaluate(memory(2000))
        #expect(governor.stageLimit(configured: 10) == 5)
        #expect(governor.stageLimit(configured: 1) == 1)
        _ = governor.evaluate(memory(2000))
        _ = governor.evaluate(memory(2000))
        #expect(governor.stageLimit(configured: 10) == 2)
        #expect(governor.stageLimit(configured: 3) == 1)
    }

    @Test(
        "in a batch the governor shrinks admission to 1 under pressure, grows it back, and reports each change",
        arguments: [("memory", 5000.0, 100.0, "memory 5000 MB > 1000 MB"), ("cpu", 99.0, 5.0, "cpu 99 % > 80 %")])
    func batchScaling(resource: String, high: Double, low: Double, reason: String) async throws {
        let clock = TestClock<Duration>()
        var configuration = testConfiguration([.preparation])
        configuration.adaptiveScaling = true
        configuration.maxItemsInFlight = 4
        configuration.maxParallelItemsPerStage = 4
        configuration.resourceSampleIntervalSeconds = 1
        let reading = { (value: Double) in resource == "memory" ? self.memory(value) : self.cpu(value) }
        // Pressure for four samples (4 → 2 → 1, then held at 1 for two), then calm.
        let probe = ScriptedProbe([reading(high), reading(high), reading(high), reading(high), reading(low)])
        let engine = try makeEngine(configuration, clock: clock, probe: probe)
        let inside = Gauge()
        try engine.register("work", in: .preparation) { _ in
            inside.enter()
            defer { inside.leave() }
            try await clock.sleep(for: .seconds(1))
            return .unchanged
        }
        let events = EventLog()
        let report = await driving(clock) { await engine.runBatch(Array(0..<40), onEvent: events.sink) { _ in } }
        #expect(report?.statistics.succeeded == 40)
        #expect(inside.peak == 4)
        let itemChanges = events.of(.concurrencyChanged).filter { $0.stage == nil }
        #expect(itemChanges.map { [$0.from ?? -1, $0.to ?? -1] } == [[4, 2], [2, 1], [1, 2], [2, 3], [3, 4]])
        #expect(itemChanges.first?.reason == reason)
        let stageChanges = events.of(.concurrencyChanged).filter { $0.stage == .preparation }
        #expect(stageChanges.map { $0.to ?? -1 } == [2, 1, 2, 3, 4])
        // While the limit is 1, items start one at a time (items take 1 s, so one per second).
        try #require(itemChanges.count == 5)
        let shrunk = itemChanges[1].elapsedMs
        let grown = itemChanges[2].elapsedMs
        let startsWhileShrunk = events.of(.itemStarted).map(\.elapsedMs).filter { $0 > shrunk && $0 < grown }
        #expect(!startsWhileShrunk.isEmpty)
        #expect(zip(startsWhileShrunk, startsWhileShrunk.dropFirst()).allSatisfy { $1 - $0 >= 1000 })
    }

    @Test("with adaptive scaling off the limits never change")
    func scalingOff() async throws {
        var configuration = testConfiguration([.preparation])
        configuration.adaptiveScaling = false
        let engine = try makeEngine(configuration, probe: FixedResourceProbe(memory(99_999)))
        try engine.register(marking("p", in: .preparation))
        let events = EventLog()
        let report = await engine.runBatch(Array(0..<5), onEvent: events.sink) { _ in }
        #expect(report.results.count == 5)
        #expect(events.of(.concurrencyChanged).isEmpty)
    }

    @Test("the /proc probe reads a plausible resident size")
    func procProbe() throws {
        let probe = ProcResourceProbe()
        let sample = probe.sample()
        #if os(Linux)
            let megabytes = try #require(sample.residentMemoryMB)
            #expect(megabytes > 1 && megabytes < 100_000)
            // The machine's CPU needs a jiffy (10 ms) to pass between samples; this process's is always read.
            let cpu = try #require(sample.processCPUPercent)
            #expect(cpu >= 0 && cpu <= 100)
        #endif
    }
}
