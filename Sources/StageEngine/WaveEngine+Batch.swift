/// Why a batch stopped admitting items before the end.
public struct BatchStopReason: Sendable, Codable, Hashable, CustomStringConvertible {
    /// The kind of stop.
    public enum Kind: String, Sendable, Codable, Hashable {
        /// A stage's success rate fell below `min_success_rate_per_stage`.
        case lowSuccessRate = "low_success_rate"
        /// The batch's task was cancelled.
        case cancelled
        /// ``BatchControl/stopAdmitting()`` was called: items in flight finished, the rest did not start.
        case stopped
    }

    /// The kind of stop.
    public var kind: Kind
    /// The stage at fault, for `.lowSuccessRate`.
    public var stage: Stage?
    /// A sentence for logs.
    public var message: String

    /// The message.
    public var description: String { message }
}

/// Everything a finished batch produced.
public struct BatchReport<State: Sendable>: Sendable {
    /// One result per item that started, sorted by item index (empty when the batch ran with
    /// `retainsResults: false`: the results went to `onResult` only).
    public var results: [ItemResult<State>]
    /// Statistics at the end.
    public var statistics: BatchStatistics
    /// Why admission stopped early, if it did.
    public var stopReason: BatchStopReason?
    /// Indices of the items that never started (stop or cancellation).
    public var unstartedIndices: [Int]
}

/// What a child of the batch's task group reports to the batch loop.
private enum BatchChild<State: Sendable>: Sendable {
    case item(ItemResult<State>)
    case sample(ResourceSample)
    case samplerCancelled
    case timerStopped
}

extension WaveEngine {
    /// Runs a batch in the calling task and returns when every started item has finished.
    ///
    /// Items are admitted up to `max_items_in_flight` (lowered by the governor under
    /// pressure); each result is passed to `onResult` as it finishes. Cancelling the calling
    /// task stops admission at once, cancels in-flight items (they end `.cancelled`) and
    /// still returns every result.
    /// - Parameters:
    ///   - items: The items, in order; results carry their index.
    ///   - control: Steers the batch from outside: `stopAdmitting()` is a graceful stop. Default: none.
    ///   - monitor: Gives statistics at any time while the batch runs. Default: none.
    ///   - retainsResults: Keep every result for the returned report. Default `true`; pass `false` for
    ///     batches too large to hold (a million files): results then reach `onResult` only.
    ///   - onEvent: Receives every event, from any task. Default: none.
    ///   - onResult: Called in the batch loop for each finished item (a trailing closure binds
    ///     here; pass `{ _ in }` to use only the report).
    /// - Returns: All results (unless not retained), statistics and the stop reason.
    public func runBatch(
        _ items: [Input], control: BatchControl? = nil, monitor: BatchMonitor? = nil, retainsResults: Bool = true,
        onEvent: (@Sendable (EngineEvent) -> Void)? = nil, onResult: (ItemResult<State>) async -> Void
    ) async -> BatchReport<State> {
        let collector = StatisticsCollector(total: items.count)
        monitor?.attach(collector)
        return await execute(
            items, collector: collector, control: control, retainsResults: retainsResults, onEvent: onEvent,
            onResult: onResult)
    }

    /// The batch loop: the one place that admits items, applies governor changes and stops.
    func execute(
        _ items: [Input], collector: StatisticsCollector, control: BatchControl? = nil, retainsResults: Bool = true,
        onEvent: (@Sendable (EngineEvent) -> Void)?,
        onResult: (ItemResult<State>) async -> Void
    ) async -> BatchReport<State> {
        let clock = EngineClock(self.clock)
        let environment = makeEnvironment(clock: clock, onEvent: onEvent)
        let emitter = environment.emitter
        let probe = resourceProbe
        let sampleInterval = Duration.seconds(configuration.resourceSampleIntervalSeconds)
        var governor = ResourceGovernor(configuration: configuration)
        var results: [ItemResult<State>] = []
        if retainsResults { results.reserveCapacity(items.count) }
        var finishedCount = 0
        var nextIndex = 0
        var stopReason: BatchStopReason?

        await withTaskGroup(of: BatchChild<State>.self) { group in
            var inFlight = 0
            func addSampler() {
                group.addTask {
                    do {
                        try await clock.sleep(for: sampleInterval)
                        return .sample(probe.sample())
                    } catch {
                        return .samplerCancelled
                    }
                }
            }
            func admit() {
                while stopReason == nil, !Task.isCancelled, control?.isStopping != true, nextIndex < items.count,
                    inFlight < governor.itemLimit
                {
                    let index = nextIndex
                    let input = items[index]
                    nextIndex += 1
                    inFlight += 1
                    collector.itemStarted()
                    group.addTask { .item(await environment.runItem(index: index, input: input)) }
                }
            }
            if configuration.adaptiveScaling && !items.isEmpty { addSampler() }
            group.addTask {
                await environment.deadlines.run()
                return .timerStopped
            }
            admit()
            if inFlight == 0 { group.cancelAll() }
            while let child = await group.next() {
                switch child {
                case .item(let result):
                    inFlight -= 1
                    collector.record(result)
                    finishedCount += 1
                    if retainsResults { results.append(result) }
                    await onResult(result)
                    if stopReason == nil,
                        let low = collector.stageBelowSuccessRate(
                            configuration.minSuccessRatePerStage, sampleSize: configuration.minSuccessRateSampleSize)
                    {
                        let message =
                            "stage \(low.stage.rawValue) success rate \(low.rate) over \(low.count) items is below "
                            + "min_success_rate_per_stage \(configuration.minSuccessRatePerStage)"
                        stopReason = BatchStopReason(kind: .lowSuccessRate, stage: low.stage, message: message)
                        emitter.emit {
                            EngineEvent(type: .batchStopped, elapsedMs: $0, stage: low.stage, reason: message)
                        }
                    }
                case .sample(let reading):
                    if let change = governor.evaluate(reading) {
                        applyGovernorChange(change, governor: governor, environment: environment)
                    }
                    if inFlight > 0 || (stopReason == nil && nextIndex < items.count) { addSampler() }
                case .samplerCancelled, .timerStopped:
                    break
                }
                admit()
                if inFlight == 0
                    && (nextIndex >= items.count || stopReason != nil || Task.isCancelled
                        || control?.isStopping == true)
                {
                    group.cancelAll()
                }
            }
        }

        if stopReason == nil, Task.isCancelled {
            let message = "cancelled after \(finishedCount) of \(items.count) items"
            stopReason = BatchStopReason(kind: .cancelled, stage: nil, message: message)
            emitter.emit { EngineEvent(type: .batchStopped, elapsedMs: $0, reason: message) }
        } else if stopReason == nil, control?.isStopping == true, nextIndex < items.count {
            let message = "stopped admitting after \(nextIndex) of \(items.count) items; those in flight finished"
            stopReason = BatchStopReason(kind: .stopped, stage: nil, message: message)
            emitter.emit { EngineEvent(type: .batchStopped, elapsedMs: $0, reason: message) }
        }
        let statistics = collector.snapshot()
        emitter.emit {
            EngineEvent(
                type: .batchFinished, elapsedMs: $0,
                reason:
                    "\(statistics.succeeded) succeeded, \(statistics.partial) partial, \(statistics.failed) failed, "
                    + "\(statistics.cancelled) cancelled, \(items.count - nextIndex) not started")
        }
        results.sort { $0.index < $1.index }
        return BatchReport(
            results: results, statistics: statistics, stopReason: stopReason,
            unstartedIndices: Array(nextIndex..<items.count))
    }

    /// Applies a governor change to the stage limiters and reports every changed limit.
    private func applyGovernorChange(
        _ change: ResourceGovernor.Change, governor: ResourceGovernor, environment: BatchEnvironment<Input, State>
    ) {
        let emitter = environment.emitter
        emitter.emit {
            EngineEvent(
                type: .concurrencyChanged, elapsedMs: $0, from: change.from, to: change.to, reason: change.reason)
        }
        for slot in environment.slots {
            let stage = slot.stage
            let before = slot.limiter.limit
            let after = governor.stageLimit(configured: slot.configuredLimit)
            guard before != after else { continue }
            slot.limiter.setLimit(after)
            emitter.emit {
                EngineEvent(
                    type: .concurrencyChanged, elapsedMs: $0, stage: stage, from: before, to: after,
                    reason: change.reason)
            }
        }
    }
}
