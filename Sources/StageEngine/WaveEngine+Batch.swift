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
    /// The item never started: cancelled, stopped or let go of while it waited for a place.
    case unstarted(Int)
    case samplerStopped
    case timerStopped
}

extension WaveEngine {
    /// Runs a batch in the calling task and returns when every started item has finished.
    ///
    /// Up to `max_items_in_flight` of the batch's items wait for a place at once; they get one from
    /// the engine's shared limit (lowered by the governor under pressure, shared with every other
    /// call on the engine), by `priority`. Each result is passed to `onResult` as it finishes.
    /// Cancelling the calling task stops admission at once, cancels in-flight items (they end
    /// `.cancelled`) and still returns every result.
    /// - Parameters:
    ///   - items: The items, in order; results carry their index.
    ///   - priority: The batch's place in the line for items and stages. Default `.normal`.
    ///   - control: Steers the batch from outside: `stopAdmitting()` is a graceful stop. Default: none.
    ///   - monitor: Gives statistics at any time while the batch runs. Default: none.
    ///   - retainsResults: Keep every result for the returned report. Default `true`; pass `false` for
    ///     batches too large to hold (a million files): results then reach `onResult` only.
    ///   - onEvent: Receives every event, from any task. Default: none.
    ///   - onResult: Called in the batch loop for each finished item (a trailing closure binds
    ///     here; pass `{ _ in }` to use only the report). While it runs no result is taken and no
    ///     item admitted: a slow consumer holds the batch back.
    /// - Returns: All results (unless not retained), statistics and the stop reason.
    nonisolated(nonsending) public func runBatch(
        _ items: [Input], priority: ItemPriority = .normal, control: BatchControl? = nil,
        monitor: BatchMonitor? = nil, retainsResults: Bool = true,
        onEvent: (@Sendable (EngineEvent) -> Void)? = nil, onResult: (ItemResult<State>) async -> Void
    ) async -> BatchReport<State> {
        let collector = StatisticsCollector(total: items.count)
        monitor?.attach(collector)
        return await execute(
            items, collector: collector, priority: priority, control: control, retainsResults: retainsResults,
            onEvent: onEvent, onResult: onResult)
    }

    /// The batch loop: the one place that admits the batch's items and stops. It runs in the caller's
    /// isolation (`nonisolated(nonsending)`), so `onResult` is called there and need not be `Sendable`: a
    /// `@MainActor` caller can hand in a closure that touches its own state.
    nonisolated(nonsending) func execute(
        _ items: [Input], collector: StatisticsCollector, priority: ItemPriority = .normal,
        control: BatchControl? = nil, retainsResults: Bool = true,
        onEvent: (@Sendable (EngineEvent) -> Void)?,
        onResult: (ItemResult<State>) async -> Void
    ) async -> BatchReport<State> {
        let clock = EngineClock(self.clock)
        let environment = makeEnvironment(clock: clock, onEvent: onEvent, priority: priority, control: control)
        let emitter = environment.emitter
        let shared = resources
        let batchID = environment.batchID
        let listener = shared.addListener(emitter)
        let stopAction = control?.onStop { shared.abandonWaiters(group: batchID) }
        defer {
            if let stopAction { control?.removeStopAction(stopAction) }
            shared.removeListener(listener)
            shared.forget(group: batchID)
        }
        shared.statistics.addItems(items.count)
        // The batch's own cap on items started or waiting for a place; the engine's shared limiter
        // decides which of them run.
        let queueLimit = configuration.maxItemsInFlight
        var results: [ItemResult<State>] = []
        if retainsResults { results.reserveCapacity(items.count) }
        var finishedCount = 0
        var nextIndex = 0
        var unstarted: [Int] = []
        var stopReason: BatchStopReason?

        await withTaskGroup(of: BatchChild<State>.self) { group in
            var inFlight = 0
            var samplerRunning = false
            func isStopping() -> Bool { stopReason != nil || Task.isCancelled || control?.isStopping == true }
            func admit() {
                while !isStopping(), nextIndex < items.count, inFlight < queueLimit {
                    let index = nextIndex
                    let input = items[index]
                    nextIndex += 1
                    inFlight += 1
                    group.addTask {
                        guard
                            let result = await environment.runAdmitted(index: index, input: input, collector: collector)
                        else { return .unstarted(index) }
                        return .item(result)
                    }
                }
                if configuration.adaptiveScaling, !samplerRunning, inFlight > 0 {
                    samplerRunning = true
                    group.addTask {
                        await environment.runSampler()
                        return .samplerStopped
                    }
                }
            }
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
                case .unstarted(let index):
                    inFlight -= 1
                    unstarted.append(index)
                case .samplerStopped:
                    samplerRunning = false
                case .timerStopped:
                    break
                }
                // Items still waiting for a place are let go at once: they would otherwise wait for
                // places other callers hold.
                if isStopping() { shared.abandonWaiters(group: batchID) }
                admit()
                if inFlight == 0 && (nextIndex >= items.count || isStopping()) { group.cancelAll() }
            }
        }

        // A cancellation that came after every item had finished changed nothing: no stop to report.
        if stopReason == nil, Task.isCancelled, finishedCount < items.count || collector.snapshot().cancelled > 0 {
            let message = "cancelled after \(finishedCount) of \(items.count) items"
            stopReason = BatchStopReason(kind: .cancelled, stage: nil, message: message)
            emitter.emit { EngineEvent(type: .batchStopped, elapsedMs: $0, reason: message) }
        } else if stopReason == nil, control?.isStopping == true, finishedCount < items.count {
            let message =
                "stopped admitting after \(finishedCount) of \(items.count) items; those in flight finished"
            stopReason = BatchStopReason(kind: .stopped, stage: nil, message: message)
            emitter.emit { EngineEvent(type: .batchStopped, elapsedMs: $0, reason: message) }
        }
        unstarted += nextIndex..<items.count
        unstarted.sort()
        let statistics = collector.snapshot()
        emitter.emit {
            EngineEvent(
                type: .batchFinished, elapsedMs: $0,
                reason:
                    "\(statistics.succeeded) succeeded, \(statistics.partial) partial, \(statistics.failed) failed, "
                    + "\(statistics.cancelled) cancelled, \(unstarted.count) not started")
        }
        results.sort { $0.index < $1.index }
        return BatchReport(
            results: results, statistics: statistics, stopReason: stopReason, unstartedIndices: unstarted)
    }
}
