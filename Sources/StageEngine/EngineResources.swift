/// What every call on one engine shares, for as long as the engine lives: the place limiter of
/// `max_items_in_flight`, each stage's limiter, the circuit breakers, the resource governor and the
/// running statistics. A service calling `runOne` from many requests at once therefore gets the limits
/// it configured, and a breaker opened by one call stays open for the others.
///
/// Per call (`runOne`, `runBatch`, `run`) stay the things that belong to one caller: its events, its
/// timer loop, its own statistics and stop rules.
final class EngineResources: Sendable {
    /// The engine's time base for breakers and governor samples (elapsed since the engine was made).
    let clock: EngineClock
    /// Places for items in flight, `max_items_in_flight` of them (the governor scales it).
    let items: AsyncLimiter
    /// MiB of expected peak memory for the items in flight, `memory_threshold_mb` of them (each item takes
    /// its estimate; see `WaveEngine`'s `memoryEstimate`).
    let memory: AsyncLimiter
    /// One limiter per enabled stage, in `stageOrder`.
    let stageLimiters: [AsyncLimiter]
    /// The configured limit of each stage, in `stageOrder` (before the governor scales it).
    let configuredStageLimits: [Int]
    /// The stages in `stageOrder`, for governor events.
    let stages: [Stage]
    /// Every handler's breaker.
    let breakers: CircuitBreakerBoard
    /// Everything finished since the engine was made.
    let statistics: StatisticsCollector

    private struct Governing {
        var governor: ResourceGovernor
        /// When the last sample was taken, on `clock`; nil before the first.
        var lastSample: Duration?
    }

    private struct Listeners {
        var emitters: [UInt64: EventEmitter] = [:]
        var nextID: UInt64 = 0
    }

    private let governing: Locked<Governing>
    private let listeners = Locked(Listeners())
    private let batchIDs = Locked<UInt64>(0)
    private let probe: any ResourceProbe
    private let sampleInterval: Duration

    init(
        configuration: EngineConfiguration, stageOrder: [Stage], clock: EngineClock, probe: any ResourceProbe
    ) {
        self.clock = clock
        self.probe = probe
        self.stages = stageOrder
        sampleInterval = .seconds(configuration.resourceSampleIntervalSeconds)
        items = AsyncLimiter(limit: configuration.maxItemsInFlight)
        memory = AsyncLimiter(limit: Int(min(configuration.memoryThresholdMB.rounded(.down), Double(Int32.max))))
        configuredStageLimits = stageOrder.map { configuration.maxParallelItems(in: $0) }
        stageLimiters = configuredStageLimits.map { AsyncLimiter(limit: $0) }
        breakers = CircuitBreakerBoard(configuration: configuration.circuitBreaker)
        statistics = StatisticsCollector(total: 0)
        governing = Locked(Governing(governor: ResourceGovernor(configuration: configuration), lastSample: nil))
    }

    /// Ends the waits of one call's items for an item place or for memory (a batch that stops admitting).
    func abandonWaiters(group: UInt64) {
        items.abandonWaiters(group: group)
        memory.abandonWaiters(group: group)
    }

    /// Forgets a finished call's abandoned group in both limiters.
    func forget(group: UInt64) {
        items.forget(group: group)
        memory.forget(group: group)
    }

    /// A fresh number for one call, naming its waiters in the limiters.
    func nextBatchID() -> UInt64 {
        batchIDs.withLock { id in
            id += 1
            return id
        }
    }

    /// Adds a call's event sink to those that hear governor changes; returns its number (nil when the
    /// call listens to nothing).
    func addListener(_ emitter: EventEmitter) -> UInt64? {
        guard emitter.isEnabled else { return nil }
        return listeners.withLock { listeners in
            listeners.nextID += 1
            listeners.emitters[listeners.nextID] = emitter
            return listeners.nextID
        }
    }

    /// Removes a call's event sink.
    func removeListener(_ id: UInt64?) {
        guard let id else { return }
        listeners.withLock { _ = $0.emitters.removeValue(forKey: id) }
    }

    /// Reads the probe and applies the governor's verdict, unless another call took a sample less than
    /// 0.9 interval ago: however many calls run, the probe is read about once per interval.
    func sampleIfDue() {
        let now = clock.now()
        let minimumGap = sampleInterval * 0.9
        let isDue = governing.withLock { governing -> Bool in
            if let last = governing.lastSample, now - last < minimumGap { return false }
            governing.lastSample = now
            return true
        }
        guard isDue else { return }
        let reading = probe.sample()
        // The limiters change under the governor's lock, so two changes never interleave.
        let changes = governing.withLock { governing -> [(stage: Stage?, from: Int, to: Int, reason: String)] in
            guard let change = governing.governor.evaluate(reading) else { return [] }
            var changes: [(stage: Stage?, from: Int, to: Int, reason: String)] = [
                (nil, change.from, change.to, change.reason)
            ]
            items.setLimit(governing.governor.itemLimit)
            for index in stageLimiters.indices {
                let limiter = stageLimiters[index]
                let before = limiter.limit
                let after = governing.governor.stageLimit(configured: configuredStageLimits[index])
                guard before != after else { continue }
                limiter.setLimit(after)
                changes.append((stages[index], before, after, change.reason))
            }
            return changes
        }
        guard !changes.isEmpty else { return }
        let emitters = listeners.withLock { Array($0.emitters.values) }
        for emitter in emitters {
            for change in changes {
                emitter.emit {
                    EngineEvent(
                        type: .concurrencyChanged, elapsedMs: $0, stage: change.stage, from: change.from,
                        to: change.to, reason: change.reason)
                }
            }
        }
    }
}
