import Foundation

/// The engine's view of an injected `Clock<Duration>`: time as a `Duration` since the clock
/// was wrapped, and sleeping until such a time. Wrapping opens the existential once, so the
/// engine's types need no clock generic parameter.
struct EngineClock: Sendable {
    /// Time elapsed since the wrap.
    let now: @Sendable () -> Duration
    /// Sleeps until the given elapsed time; throws `CancellationError` when cancelled.
    let sleepUntil: @Sendable (Duration) async throws -> Void

    init<C: Clock>(_ clock: C) where C.Duration == Duration {
        let start = clock.now
        now = { start.duration(to: clock.now) }
        sleepUntil = { deadline in try await clock.sleep(until: start.advanced(by: deadline), tolerance: nil) }
    }

    /// Sleeps for `duration` from now.
    func sleep(for duration: Duration) async throws {
        try await sleepUntil(now() + duration)
    }
}

/// Builds and delivers events when someone listens; costs one branch when nobody does.
struct EventEmitter: Sendable {
    let sink: (@Sendable (EngineEvent) -> Void)?
    let clock: EngineClock

    /// Whether events are delivered.
    var isEnabled: Bool { sink != nil }

    /// Delivers the event built by `make` (with the current elapsed time), if anyone listens.
    func emit(_ make: (Double) -> EngineEvent) {
        guard let sink else { return }
        sink(make(clock.now() / .milliseconds(1)))
    }
}
