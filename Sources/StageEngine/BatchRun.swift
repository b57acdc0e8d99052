/// A batch running in the background: its results and events as streams, its statistics at
/// any time, and its final report. Returned by `WaveEngine.run(_:)`.
///
/// Cancelling the task that iterates `results` (or calling `cancel()`) stops admission,
/// cancels the items in flight, and `report()` still returns every result.
public final class BatchRun<State: Sendable>: Sendable {
    /// Results in the order items finish. Ends when the batch ends.
    public let results: AsyncStream<ItemResult<State>>
    /// Every event in the order emitted. Ends when the batch ends.
    public let events: AsyncStream<EngineEvent>
    private let collector: StatisticsCollector
    private let task: Task<BatchReport<State>, Never>

    init(
        results: AsyncStream<ItemResult<State>>, events: AsyncStream<EngineEvent>, collector: StatisticsCollector,
        task: Task<BatchReport<State>, Never>
    ) {
        self.results = results
        self.events = events
        self.collector = collector
        self.task = task
    }

    /// Figures so far (items finished, active, per-stage durations, …).
    public var statistics: BatchStatistics { collector.snapshot() }

    /// Stops admission and cancels the items in flight.
    public func cancel() { task.cancel() }

    /// Waits for the batch to end and returns every result, final statistics and the stop reason.
    public func report() async -> BatchReport<State> { await task.value }
}

extension WaveEngine {
    /// Starts a batch in a new task and returns its handle at once.
    /// - Parameters:
    ///   - items: The items, in order; results carry their index.
    ///   - priority: The batch's place in the line for items and stages. Default `.normal`.
    ///   - eventBuffering: How many unread events to keep. Default `.unbounded`; pass
    ///     `.bufferingNewest(0)` when nobody reads `events`.
    /// - Returns: The running batch.
    public func run(
        _ items: [Input], priority: ItemPriority = .normal,
        eventBuffering: AsyncStream<EngineEvent>.Continuation.BufferingPolicy = .unbounded
    ) -> BatchRun<State> {
        let (results, resultSink) = AsyncStream.makeStream(of: ItemResult<State>.self)
        let (events, eventSink) = AsyncStream.makeStream(of: EngineEvent.self, bufferingPolicy: eventBuffering)
        let collector = StatisticsCollector(total: items.count)
        let task = Task {
            let report = await self.execute(
                items, collector: collector, priority: priority, onEvent: { eventSink.yield($0) },
                onResult: { resultSink.yield($0) })
            resultSink.finish()
            eventSink.finish()
            return report
        }
        resultSink.onTermination = { termination in
            if case .cancelled = termination { task.cancel() }
        }
        return BatchRun(results: results, events: events, collector: collector, task: task)
    }
}
