import ConfigurationDecoding

/// Settings of the per-handler circuit breaker (closed → open → half-open → closed).
///
/// JSON keys: `failure_threshold`, `success_threshold`, `reset_seconds`; missing keys take defaults.
public struct CircuitBreakerConfiguration: Sendable, Codable, Hashable {
    /// Consecutive failed attempts of one handler that open its circuit. Default 3.
    public var failureThreshold: Int
    /// Consecutive successful half-open trials that close the circuit again. Default 2.
    public var successThreshold: Int
    /// Seconds an open circuit waits before it lets one half-open trial through. Default 30.
    public var resetSeconds: Double

    /// Creates a configuration; every argument has the default documented on its property.
    public init(failureThreshold: Int = 3, successThreshold: Int = 2, resetSeconds: Double = 30) {
        self.failureThreshold = failureThreshold
        self.successThreshold = successThreshold
        self.resetSeconds = resetSeconds
    }

    /// The defaults: 3 failures, 2 successes, 30 s.
    public static let standard = CircuitBreakerConfiguration()

    /// Throws when a value is out of range.
    /// - Throws: `ConfigurationError.invalidValue` naming `circuit_breaker.<field>`.
    public func validate() throws {
        guard failureThreshold >= 1 else {
            throw ConfigurationError(
                .invalidValue, field: "circuit_breaker.failure_threshold",
                reason: "must be ≥ 1, got \(failureThreshold)")
        }
        guard successThreshold >= 1 else {
            throw ConfigurationError(
                .invalidValue, field: "circuit_breaker.success_threshold",
                reason: "must be ≥ 1, got \(successThreshold)")
        }
        guard resetSeconds.isFinite, resetSeconds >= 0, resetSeconds <= EngineConfiguration.maximumSeconds else {
            throw ConfigurationError(
                .invalidValue, field: "circuit_breaker.reset_seconds",
                reason: "must be within 0…\(Int(EngineConfiguration.maximumSeconds)) s, got \(resetSeconds)")
        }
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case failureThreshold = "failure_threshold"
        case successThreshold = "success_threshold"
        case resetSeconds = "reset_seconds"
    }

    /// Decodes an object; missing keys take defaults, unknown keys are errors.
    /// - Throws: `ConfigurationError.unknownKey`, or `DecodingError` for bad types.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        failureThreshold = try container.decode(.failureThreshold, or: 3)
        successThreshold = try container.decode(.successThreshold, or: 2)
        resetSeconds = try container.decode(.resetSeconds, or: 30)
    }
}

/// The state of one handler's circuit.
public enum CircuitState: String, Sendable, Codable, Hashable {
    /// Calls go through; failures are counted.
    case closed
    /// Calls are skipped until the reset time has passed.
    case open
    /// One trial at a time goes through; successes close the circuit, a failure reopens it.
    case halfOpen = "half_open"
}

/// The breakers of every handler an engine has run, keyed by a handler slot number: one board per
/// engine, shared by every call on it, so failures in one call open the circuit for the others.
/// ``key(for:handler:)`` gives a handler its number (the same one for as long as the engine lives).
///
/// Pure bookkeeping over times given by the caller (seconds on the engine's clock), so tests
/// drive it without a clock. Thread-safe: all state sits in one `Locked`.
final class CircuitBreakerBoard: Sendable {
    /// What a caller may do with a handler now.
    enum Permission: Equatable {
        /// Run it normally.
        case allowed
        /// Run it as the half-open trial (the circuit just moved to half-open, or stays there).
        case trial(transitioned: Bool)
        /// Skip it: the circuit is open (or a half-open trial is already running).
        case rejected
    }

    private struct Breaker {
        var state: CircuitState = .closed
        var consecutiveFailures = 0
        var consecutiveSuccesses = 0
        var openedAt = 0.0
        var trialInFlight = false
    }

    private struct HandlerKey: Hashable {
        var stage: Stage
        var handler: String
    }

    private let configuration: CircuitBreakerConfiguration
    private let breakers: Locked<[Breaker]>
    private let keys = Locked([HandlerKey: Int]())

    /// Creates closed breakers for `count` handler slots (more are added by ``key(for:handler:)``).
    init(configuration: CircuitBreakerConfiguration, count: Int = 0) {
        self.configuration = configuration
        self.breakers = Locked([Breaker](repeating: Breaker(), count: count))
    }

    /// The slot number of `handler` in `stage`, adding a closed breaker the first time it is asked.
    func key(for stage: Stage, handler: String) -> Int {
        keys.withLock { keys in
            if let key = keys[HandlerKey(stage: stage, handler: handler)] { return key }
            let key = breakers.withLock { all in
                all.append(Breaker())
                return all.count - 1
            }
            keys[HandlerKey(stage: stage, handler: handler)] = key
            return key
        }
    }

    /// Asks whether `key` may run at time `now` (read only when the circuit is open); reserves
    /// the half-open trial when it may.
    func permission(for key: Int, now: @autoclosure () -> Double) -> Permission {
        breakers.withLock { all in
            guard all.indices.contains(key) else { return .allowed }
            var breaker = all[key]
            defer { all[key] = breaker }
            switch breaker.state {
            case .closed:
                return .allowed
            case .open:
                guard now() - breaker.openedAt >= configuration.resetSeconds else { return .rejected }
                breaker.state = .halfOpen
                breaker.consecutiveSuccesses = 0
                breaker.trialInFlight = true
                return .trial(transitioned: true)
            case .halfOpen:
                guard !breaker.trialInFlight else { return .rejected }
                breaker.trialInFlight = true
                return .trial(transitioned: false)
            }
        }
    }

    /// Records a successful attempt; returns the new state when it changed.
    func recordSuccess(for key: Int) -> CircuitState? {
        breakers.withLock { all in
            guard all.indices.contains(key) else { return nil }
            var breaker = all[key]
            defer { all[key] = breaker }
            breaker.consecutiveFailures = 0
            guard breaker.state == .halfOpen else { return nil }
            breaker.trialInFlight = false
            breaker.consecutiveSuccesses += 1
            guard breaker.consecutiveSuccesses >= configuration.successThreshold else { return nil }
            breaker.state = .closed
            breaker.consecutiveSuccesses = 0
            return .closed
        }
    }

    /// Records a failed attempt at time `now`; returns `.open` when the circuit opened.
    func recordFailure(for key: Int, now: Double) -> CircuitState? {
        breakers.withLock { all in
            guard all.indices.contains(key) else { return nil }
            var breaker = all[key]
            defer { all[key] = breaker }
            breaker.consecutiveSuccesses = 0
            switch breaker.state {
            case .open:
                return nil
            case .halfOpen:
                breaker.trialInFlight = false
                breaker.state = .open
                breaker.openedAt = now
                return .open
            case .closed:
                breaker.consecutiveFailures += 1
                guard breaker.consecutiveFailures >= configuration.failureThreshold else { return nil }
                breaker.state = .open
                breaker.openedAt = now
                breaker.consecutiveFailures = 0
                return .open
            }
        }
    }

    /// Releases a reserved half-open trial that ended without a verdict (cancelled).
    func releaseTrial(for key: Int) {
        breakers.withLock { all in
            if all.indices.contains(key) { all[key].trialInFlight = false }
        }
    }

    /// The current state of `key`'s circuit.
    func state(of key: Int) -> CircuitState {
        breakers.withLock { $0.indices.contains(key) ? $0[key].state : .closed }
    }
}
