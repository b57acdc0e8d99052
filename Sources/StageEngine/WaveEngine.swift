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
/// Thread-safe: registration is guarded by a lock; each batch takes a snapshot of the handlers.
public final class WaveEngine<Input: Sendable, State: Sendable>: Sendable {
    /// The validated configuration.
    public let configuration: EngineConfiguration
    /// The enabled stages in run order (topologically sorted).
    public let stageOrder: [Stage]
    let clock: any Clock<Duration>
    let resourceProbe: any ResourceProbe
    let initialState: @Sendable (Input) -> State
    let identify: @Sendable (Input) -> String
    private let registry = Locked([StageHandler<Input, State>]())

    /// Creates an engine after validating `configuration`.
    /// - Parameters:
    ///   - configuration: The configuration; validated here.
    ///   - clock: The clock for timeouts, retry delays, governor sampling and durations.
    ///     Default `ContinuousClock()`; tests pass a test clock.
    ///   - resourceProbe: The governor's source of RSS/CPU readings. Default `ProcResourceProbe()`.
    ///   - itemID: How an item is named in results and events. Default: its description.
    ///   - initialState: The state an item starts with.
    /// - Throws: `ConfigurationError` naming the invalid field, cycle or missing dependency.
    public init(
        configuration: EngineConfiguration, clock: any Clock<Duration> = ContinuousClock(),
        resourceProbe: any ResourceProbe = ProcResourceProbe(),
        itemID: @escaping @Sendable (Input) -> String = { String(describing: $0) },
        initialState: @escaping @Sendable (Input) -> State
    ) throws {
        try configuration.validate()
        self.configuration = configuration
        self.stageOrder = try configuration.resolvedStageOrder()
        self.clock = clock
        self.resourceProbe = resourceProbe
        self.initialState = initialState
        self.identify = itemID
    }

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

    /// Runs one item and returns its result. Cancellation of the calling task ends it as `.cancelled`.
    /// - Parameters:
    ///   - item: The item.
    ///   - onEvent: Receives every event, from any task. Default: none.
    public func runOne(_ item: Input, onEvent: (@Sendable (EngineEvent) -> Void)? = nil) async -> ItemResult<State> {
        let environment = makeEnvironment(clock: EngineClock(clock), onEvent: onEvent)
        return await withTaskGroup(of: ItemResult<State>?.self) { group in
            group.addTask {
                await environment.deadlines.run()
                return nil
            }
            group.addTask { await environment.runItem(index: 0, input: item) }
            var result: ItemResult<State>?
            while let child = await group.next() {
                guard let child else { continue }
                result = child
                group.cancelAll()
            }
            // The item child always reports before the timer loop can end on its own.
            return result
                ?? ItemResult(
                    index: 0, id: identify(item), status: .cancelled, state: initialState(item), stages: [], errors: [],
                    earlyExit: nil, quality: nil, durationMs: 0)
        }
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

    /// Builds one batch's shared environment with fresh breakers and stage limiters.
    func makeEnvironment(
        clock: EngineClock, onEvent: (@Sendable (EngineEvent) -> Void)?
    ) -> BatchEnvironment<Input, State> {
        let handlers = snapshotHandlers()
        var slots: [StageSlot<Input, State>] = []
        var breakerCount = 0
        for stage in stageOrder {
            let stageHandlers = handlers[stage] ?? []
            let limit = configuration.maxParallelItems(in: stage)
            slots.append(
                StageSlot(
                    stage: stage, handlers: stageHandlers,
                    breakerIDs: Array(breakerCount..<(breakerCount + stageHandlers.count)),
                    maxRetries: configuration.maxRetries(for: stage),
                    timeout: .seconds(configuration.timeoutSeconds(for: stage)),
                    handlerParallelism: configuration.maxParallelHandlers(in: stage), configuredLimit: limit,
                    limiter: AsyncLimiter(limit: limit)))
            breakerCount += stageHandlers.count
        }
        return BatchEnvironment(
            configuration: configuration, slots: slots, clock: clock,
            emitter: EventEmitter(sink: onEvent, clock: clock),
            breakers: CircuitBreakerBoard(configuration: configuration.circuitBreaker, count: breakerCount),
            deadlines: DeadlineScheduler(clock: clock), initialState: initialState, identify: identify)
    }
}
