/// The seven-stage wave engine: runs items of type `Input` through the enabled stages, each
/// item carrying a value-typed `State` that handlers fill in.
///
/// ```swift
/// let engine = try WaveEngine<URL, TrackState>(configuration: configuration) { url in TrackState(url: url) }
/// try engine.register(StageHandler(name: "probe", stage: .preparation) { context in … })
/// let run = engine.run(urls)
/// for await result in run.results { write(result) }
/// let report = await run.report()      // every result, statistics, why it stopped
/// ```
///
/// Thread-safe: registration is guarded by a lock; each call takes a snapshot of the handlers.
/// Every call on one engine (`runOne`, `runBatch`, `run`, from any number of tasks at once) shares
/// its limits: at most `max_items_in_flight` items in flight and each stage's limit inside it,
/// one circuit breaker per handler, one resource governor and the running ``statistics``. Items
/// waiting for a place are served by ``ItemPriority``, first come first served within a priority.
public final class WaveEngine<Input: Sendable, State: Sendable>: Sendable {
    /// The validated configuration.
    public let configuration: EngineConfiguration
    /// The enabled stages in run order (topologically sorted).
    public let stageOrder: [Stage]
    let clock: any Clock<Duration>
    let resourceProbe: any ResourceProbe
    let initialState: @Sendable (Input) -> State
    let identify: @Sendable (Input) -> String
    /// The expected peak memory of one item, in MiB (nil: unknown, counts 1 MiB).
    let memoryEstimate: (@Sendable (Input) -> Double?)?
    /// The limiters, breakers, governor and statistics every call shares.
    let resources: EngineResources
    private let registry = Locked([StageHandler<Input, State>]())

    /// Creates an engine after validating `configuration`.
    /// - Parameters:
    ///   - configuration: The configuration; validated here.
    ///   - clock: The clock for timeouts, retry delays, governor sampling and durations.
    ///     Default `ContinuousClock()`; tests pass a test clock.
    ///   - resourceProbe: The governor's source of RSS/CPU readings. Default `ProcResourceProbe()`.
    ///   - itemID: How an item is named in results and events. Default: its description.
    ///   - memoryEstimate: The peak memory one item is expected to need, in MiB. Before an item starts it
    ///     waits until the estimates of the items in flight leave room for its own under
    ///     `memory_threshold_mb` (an item heavier than the whole threshold runs alone), so one huge input
    ///     cannot push a batch over the threshold between two governor samples. Default nil: no estimate.
    ///   - initialState: The state an item starts with.
    /// - Throws: `ConfigurationError` naming the invalid field, cycle or missing dependency.
    public init(
        configuration: EngineConfiguration, clock: any Clock<Duration> = ContinuousClock(),
        resourceProbe: any ResourceProbe = ProcResourceProbe(),
        itemID: @escaping @Sendable (Input) -> String = { String(describing: $0) },
        memoryEstimate: (@Sendable (Input) -> Double?)? = nil,
        initialState: @escaping @Sendable (Input) -> State
    ) throws {
        try configuration.validate()
        self.configuration = configuration
        self.stageOrder = try configuration.resolvedStageOrder()
        self.clock = clock
        self.resourceProbe = resourceProbe
        self.initialState = initialState
        self.identify = itemID
        self.memoryEstimate = memoryEstimate
        self.resources = EngineResources(
            configuration: configuration, stageOrder: stageOrder, clock: EngineClock(clock), probe: resourceProbe)
    }

    /// Figures over every item any call has run on this engine since it was made (a batch's own figures
    /// are in its report): `total` counts the items submitted, `active` those holding a place now.
    public var statistics: BatchStatistics { resources.statistics.snapshot() }

    /// Adds a handler. Takes effect from the next batch.
    /// - Throws: `ConfigurationError.duplicateHandler` when its stage already has a handler of that name.
    public func register(_ handler: StageHandler<Input, State>) throws {
        try registry.withLock { handlers in
            guard !handlers.contains(where: { $0.stage == handler.stage && $0.name == handler.name }) else {
                throw ConfigurationError(
                    .duplicateHandler, field: handler.stage.rawValue,
                    reason: "a handler named '\(handler.name)' is already registered")
            }
            handlers.append(handler)
        }
    }

    /// Adds a handler built from its parts. Takes effect from the next batch.
    /// - Parameters:
    ///   - name: Unique within `stage`.
    ///   - stage: The stage it belongs to.
    ///   - priority: Higher runs and commits first. Default 0.
    ///   - body: The work.
    /// - Throws: `ConfigurationError.duplicateHandler`.
    public func register(
        _ name: String, in stage: Stage, priority: Int = 0, body: @escaping StageHandler<Input, State>.Body
    ) throws {
        try register(StageHandler(name: name, stage: stage, priority: priority, body: body))
    }

    /// Removes a handler. Takes effect from the next batch.
    /// - Returns: Whether a handler of that name was registered in `stage`.
    @discardableResult
    public func removeHandler(named name: String, from stage: Stage) -> Bool {
        registry.withLock { handlers in
            guard let index = handlers.firstIndex(where: { $0.stage == stage && $0.name == name }) else { return false }
            handlers.remove(at: index)
            return true
        }
    }

    /// The registered handler names per stage, in the order they run and commit.
    public var handlerNames: [Stage: [String]] {
        snapshotHandlers().mapValues { $0.map(\.name) }
    }

    /// Runs one item and returns its result, once a place among `max_items_in_flight` is free (shared
    /// with every other call on the engine). Cancellation of the calling task ends it as `.cancelled`
    /// (also while it waits for a place).
    /// - Parameters:
    ///   - item: The item.
    ///   - priority: Its place in the line when the engine is full. Default `.normal`.
    ///   - onEvent: Receives every event, from any task. Default: none.
    public func runOne(
        _ item: Input, priority: ItemPriority = .normal, onEvent: (@Sendable (EngineEvent) -> Void)? = nil
    ) async -> ItemResult<State> {
        let environment = makeEnvironment(clock: EngineClock(clock), onEvent: onEvent, priority: priority)
        let listener = resources.addListener(environment.emitter)
        defer { resources.removeListener(listener) }
        resources.statistics.addItems(1)
        let adaptive = configuration.adaptiveScaling
        let result = await withTaskGroup(of: OneChild<State>.self) { group in
            group.addTask {
                await environment.deadlines.run()
                return .helper
            }
            if adaptive {
                group.addTask {
                    await environment.runSampler()
                    return .helper
                }
            }
            group.addTask { .item(await environment.runAdmitted(index: 0, input: item, collector: nil)) }
            var result: ItemResult<State>?
            while let child = await group.next() {
                guard case .item(let finished) = child else { continue }
                result = finished
                group.cancelAll()
            }
            return result
        }
        // No result: cancelled while it waited for a place.
        return result
            ?? ItemResult(
                index: 0, id: identify(item), status: .cancelled, state: initialState(item), stages: [], errors: [],
                earlyExit: nil, quality: nil, durationMs: 0)
    }

    /// Handlers per enabled stage, sorted by priority (highest first), then registration order.
    func snapshotHandlers() -> [Stage: [StageHandler<Input, State>]] {
        let all = registry.withLock { $0 }
        var byStage: [Stage: [StageHandler<Input, State>]] = [:]
        for stage in stageOrder {
            let ordered = all.enumerated().filter { $0.element.stage == stage }
                .sorted { ($0.element.priority, -$0.offset) > ($1.element.priority, -$1.offset) }
            byStage[stage] = ordered.map(\.element)
        }
        return byStage
    }

    /// Builds one call's environment over the engine's shared limiters and breakers.
    func makeEnvironment(
        clock: EngineClock, onEvent: (@Sendable (EngineEvent) -> Void)?, priority: ItemPriority = .normal,
        control: BatchControl? = nil
    ) -> BatchEnvironment<Input, State> {
        let handlers = snapshotHandlers()
        var slots: [StageSlot<Input, State>] = []
        for (position, stage) in stageOrder.enumerated() {
            let stageHandlers = handlers[stage] ?? []
            slots.append(
                StageSlot(
                    stage: stage, handlers: stageHandlers,
                    breakerIDs: stageHandlers.map { resources.breakers.key(for: stage, handler: $0.name) },
                    maxRetries: configuration.maxRetries(for: stage),
                    timeout: .seconds(configuration.timeoutSeconds(for: stage)),
                    handlerParallelism: configuration.maxParallelHandlers(in: stage),
                    configuredLimit: resources.configuredStageLimits[position],
                    limiter: resources.stageLimiters[position]))
        }
        return BatchEnvironment(
            configuration: configuration, slots: slots, clock: clock,
            emitter: EventEmitter(sink: onEvent, clock: clock), shared: resources,
            deadlines: DeadlineScheduler(clock: clock), initialState: initialState, identify: identify,
            memoryEstimate: memoryEstimate, priority: priority, batchID: resources.nextBatchID(), control: control)
    }
}

/// What a child of `runOne`'s task group reports.
private enum OneChild<State: Sendable>: Sendable {
    /// The item ended (nil: cancelled while it waited for a place).
    case item(ItemResult<State>?)
    /// The timer loop or the governor's sampler ended.
    case helper
}
