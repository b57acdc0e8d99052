import Clocks
import Foundation
import StageEngine

/// The per-item state of the fake pipeline: a log of handler marks and named values.
struct Track: Sendable, Equatable {
    var item: Int
    var log: [String] = []
    var values: [String: Double] = [:]
}

/// A value guarded by a lock, for test bookkeeping shared with handlers.
final class Shared<Value>: @unchecked Sendable {
    // Sound: every access goes through `withLock`, which holds `lock`.
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    func withLock<R>(_ body: (inout Value) throws -> R) rethrows -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }

    var current: Value { withLock { $0 } }
}

/// Collects events from any task.
final class EventLog: Sendable {
    private let events = Shared<[EngineEvent]>([])

    var sink: @Sendable (EngineEvent) -> Void { { [events] event in events.withLock { $0.append(event) } } }
    var all: [EngineEvent] { events.current }

    func of(_ type: EngineEvent.Kind) -> [EngineEvent] { all.filter { $0.type == type } }
}

/// Counts how many callers are inside at once and remembers the peak.
final class Gauge: Sendable {
    private let state = Shared((active: 0, peak: 0, total: 0))

    func enter() {
        state.withLock {
            $0.active += 1; $0.peak = max($0.peak, $0.active); $0.total += 1
        }
    }
    func leave() { state.withLock { $0.active -= 1 } }
    var peak: Int { state.current.peak }
    var total: Int { state.current.total }
}

/// A configuration for deterministic tests: no governor, no jitter, 1 s retry delays.
func testConfiguration(_ stages: [Stage] = Stage.allCases) -> EngineConfiguration {
    var configuration = EngineConfiguration()
    configuration.enabledStages = stages
    configuration.adaptiveScaling = false
    configuration.retry = RetryPolicy(
        strategy: .exponential, initialDelaySeconds: 1, maxDelaySeconds: 60, multiplier: 2)
    return configuration
}

/// An engine over `Int` items with a `Track` state.
func makeEngine(
    _ configuration: EngineConfiguration, clock: TestClock<Duration> = TestClock(),
    probe: any ResourceProbe = FixedResourceProbe()
) throws -> WaveEngine<Int, Track> {
    try WaveEngine<Int, Track>(
        configuration: configuration, clock: clock, resourceProbe: probe, itemID: { "item-\($0)" }
    ) { Track(item: $0) }
}

/// A handler that appends `name` to the log.
func marking(_ name: String, in stage: Stage, priority: Int = 0, quality: Double? = nil) -> StageHandler<Int, Track> {
    StageHandler(name: name, stage: stage, priority: priority) { _ in
        StageOutcome(quality: quality) { $0.log.append(name) }
    }
}

/// Error thrown by fake handlers.
struct FakeError: Error, CustomStringConvertible, Equatable {
    var message: String
    var description: String { message }
}

/// Runs `operation` in a task and advances `clock` by `step` until it finishes, so no test
/// waits on the wall clock for a timeout or a backoff. Returns `nil` after `maxSteps` steps.
func driving<T: Sendable>(
    _ clock: TestClock<Duration>, step: Duration = .milliseconds(100), maxSteps: Int = 5_000,
    _ operation: @escaping @Sendable () async -> T
) async -> T? {
    let finished = Shared<T?>(nil)
    let task = Task {
        let value = await operation()
        finished.withLock { $0 = value }
    }
    var steps = 0
    while finished.current == nil, steps < maxSteps {
        await clock.advance(by: step)
        steps += 1
    }
    if finished.current == nil { task.cancel() }
    await task.value
    return finished.current
}
