/// One enabled stage as a batch runs it: its handlers and every per-stage setting resolved
/// once, so the per-item path does no dictionary lookups.
struct StageSlot<Input: Sendable, State: Sendable>: Sendable {
    let stage: Stage
    /// Sorted by priority (highest first), then registration order.
    let handlers: [StageHandler<Input, State>]
    /// Each handler's number in the batch's `CircuitBreakerBoard`.
    let breakerIDs: [Int]
    let maxRetries: Int
    let timeout: Duration
    let handlerParallelism: Int
    /// The configured limit of items inside the stage (before the governor scales it).
    let configuredLimit: Int
    let limiter: AsyncLimiter
}

/// Everything one call (`runOne`, a batch) works with: the resolved plan and handlers over the
/// engine's shared limiters and breakers, plus the call's own clock, events, timer and priority.
struct BatchEnvironment<Input: Sendable, State: Sendable>: Sendable {
    let configuration: EngineConfiguration
    /// The enabled stages in run order.
    let slots: [StageSlot<Input, State>]
    /// The call's clock: event times and durations count from the call's start.
    let clock: EngineClock
    let emitter: EventEmitter
    /// What every call on the engine shares.
    let shared: EngineResources
    /// The call's one timer for timeouts and delays; its `run()` loop must be running.
    let deadlines: DeadlineScheduler
    let initialState: @Sendable (Input) -> State
    let identify: @Sendable (Input) -> String
    /// The expected peak memory of one item, in MiB (``WaveEngine/init(configuration:clock:resourceProbe:itemID:memoryEstimate:initialState:)``).
    let memoryEstimate: (@Sendable (Input) -> Double?)?
    /// The call's place in the line for items and stages.
    let priority: ItemPriority
    /// Names the call's waiters in the shared limiters.
    let batchID: UInt64
    /// The batch's graceful stop, if any.
    let control: BatchControl?

    /// The engine's circuit breakers.
    var breakers: CircuitBreakerBoard { shared.breakers }

    /// Waits for a place among `max_items_in_flight` (shared by every call), then runs the item.
    /// - Returns: The result, or nil when the item never started: the call was cancelled, stopped
    ///   admitting, or let go of its queued items while this one waited.
    func runAdmitted(index: Int, input: Input, collector: StatisticsCollector?) async -> ItemResult<State>? {
        do { try await shared.items.acquire(priority: priority, group: batchID) } catch { return nil }
        defer { shared.items.release() }
        // Then room for its expected memory among the items in flight (whole MiB, at least 1).
        let megabytes = memoryEstimate.flatMap { $0(input) }.map { $0.isFinite ? $0 : Double(Int32.max) } ?? 1
        let weight = Int(min(max(1, megabytes.rounded(.up)), Double(Int32.max)))
        do { try await shared.memory.acquire(weight: weight, priority: priority, group: batchID) } catch {
            return nil
        }
        defer { shared.memory.release(weight: weight) }
        if Task.isCancelled || control?.isStopping == true || shared.items.isAbandoned(group: batchID) { return nil }
        shared.statistics.itemStarted()
        collector?.itemStarted()
        let result = await runItem(index: index, input: input)
        shared.statistics.record(result)
        return result
    }

    /// The governor's sampler for as long as the calling task runs: every
    /// `resource_sample_interval_seconds` it offers the engine a sample (taken when no other call took
    /// one within the interval).
    func runSampler() async {
        let interval = Duration.seconds(configuration.resourceSampleIntervalSeconds)
        while !Task.isCancelled {
            do { try await clock.sleep(for: interval) } catch { return }
            shared.sampleIfDue()
        }
    }
}

/// Where one item is in its run.
private enum Flow {
    /// Running stages in order.
    case running
    /// Skipping to finalization: the quality gate ended it early.
    case earlyExited
    /// Skipping to finalization: a stage failed and partial results are allowed.
    case partial
    /// Done: failed, timed out or cancelled; nothing more runs.
    case stopped(ItemStatus)
}

extension BatchEnvironment {
    /// Runs one item through every stage of the plan and returns its result. Never throws:
    /// failures, timeouts and cancellation end up in the result.
    func runItem(index: Int, input: Input) async -> ItemResult<State> {
        let id = identify(input)
        var state = initialState(input)
        let start = clock.now()
        let itemDeadline = configuration.totalTimeoutSeconds.map { start + .seconds($0) }
        emitter.emit { EngineEvent(type: .itemStarted, elapsedMs: $0, itemIndex: index, itemID: id) }

        var flow = Flow.running
        var records: [StageRecord] = []
        var errors: [ItemError] = []
        var earlyExit: EarlyExit?
        var quality: Double?
        var completedStages = 0
        /// A stage ran without a handler whose circuit was open: the item can only be partial.
        var isMissingContributions = false
        let interStageDelay = Duration.seconds(configuration.interStageDelayMs / 1000)

        for position in slots.indices {
            let slot = slots[position]
            let stage = slot.stage
            let shouldRun: Bool
            switch flow {
            case .running: shouldRun = true
            case .earlyExited, .partial: shouldRun = stage == .finalization
            case .stopped: shouldRun = false
            }
            guard shouldRun else {
                records.append(StageRecord(stage: stage, status: .skipped, attempts: 0, durationMs: 0))
                let reason: String
                switch flow {
                case .earlyExited: reason = "early exit"
                case .partial: reason = "an earlier stage failed; skipping to finalization"
                case .stopped(let status): reason = "item \(status.rawValue)"
                case .running: reason = ""
                }
                emitter.emit {
                    EngineEvent(
                        type: .stageSkipped, elapsedMs: $0, itemIndex: index, itemID: id, stage: stage, reason: reason)
                }
                continue
            }
            if position > 0, interStageDelay > .zero {
                if await !deadlines.wait(until: clock.now() + interStageDelay) { flow = .stopped(.cancelled) }
            }
            if Task.isCancelled { flow = .stopped(.cancelled) }
            if case .stopped = flow {
                records.append(StageRecord(stage: stage, status: .cancelled, attempts: 0, durationMs: 0))
                continue
            }
            let context = StageContext(
                input: input, state: state, stage: stage, handlerName: "", attempt: 1, itemIndex: index, itemID: id)
            let execution = await runStage(slot, context: context, itemDeadline: itemDeadline)
            errors += execution.errors
            records.append(
                StageRecord(
                    stage: stage, status: execution.status, attempts: execution.attempts,
                    durationMs: execution.durationMs, quality: execution.quality, notes: execution.notes,
                    skippedHandlers: execution.skippedHandlers))
            switch execution.status {
            case .completed:
                for contribution in execution.contributions { contribution(&state) }
                if !execution.skippedHandlers.isEmpty { isMissingContributions = true }
                completedStages += 1
                if let stageQuality = execution.quality { quality = stageQuality }
                if case .running = flow, let stageQuality = execution.quality,
                    configuration.isQualityGateEnabled, stageQuality >= configuration.qualityThreshold,
                    slots[(position + 1)...].contains(where: { $0.stage != .finalization })
                {
                    earlyExit = EarlyExit(stage: stage, quality: stageQuality)
                    flow = .earlyExited
                    emitter.emit {
                        EngineEvent(
                            type: .earlyExit, elapsedMs: $0, itemIndex: index, itemID: id, stage: stage,
                            quality: stageQuality,
                            reason: "quality \(stageQuality) ≥ threshold \(configuration.qualityThreshold)")
                    }
                }
            case .cancelled:
                flow = .stopped(.cancelled)
            case .failed, .timedOut, .circuitOpen, .skipped:
                let canBePartial = configuration.allowPartialResults && completedStages > 0
                if execution.itemTimedOut {
                    flow = .stopped(canBePartial ? .partial : .failed)
                } else if case .running = flow, canBePartial {
                    flow = .partial
                } else if case .partial = flow {
                    flow = .stopped(.partial)
                } else {
                    flow = .stopped(canBePartial ? .partial : .failed)
                }
            }
        }

        let status: ItemStatus
        switch flow {
        case .running, .earlyExited: status = isMissingContributions ? .partial : .succeeded
        case .partial: status = .partial
        case .stopped(let final): status = final
        }
        let durationMs = (clock.now() - start) / .milliseconds(1)
        let result = ItemResult(
            index: index, id: id, status: status, state: state, stages: records, errors: errors,
            earlyExit: earlyExit, quality: quality, durationMs: durationMs)
        emitItemEnd(result)
        return result
    }

    private func emitItemEnd(_ result: ItemResult<State>) {
        let type: EngineEvent.Kind
        switch result.status {
        case .succeeded: type = .itemCompleted
        case .partial: type = .itemPartial
        case .failed: type = .itemFailed
        case .cancelled: type = .itemCancelled
        }
        emitter.emit {
            EngineEvent(
                type: type, elapsedMs: $0, itemIndex: result.index, itemID: result.id, durationMs: result.durationMs,
                quality: result.quality, status: result.status, error: result.errors.last?.description)
        }
    }
}
