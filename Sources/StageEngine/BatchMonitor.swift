/// A window on a batch run with `runBatch`: its statistics at any time, from any task.
///
/// ```swift
/// let monitor = BatchMonitor()
/// async let report = engine.runBatch(items, monitor: monitor) { result in save(result) }
/// // elsewhere, e.g. a progress line every second:
/// print(monitor.statistics.finished, "/", monitor.statistics.total)
/// ```
///
/// One monitor follows one batch at a time; passing it to a new batch starts over.
public final class BatchMonitor: Sendable {
    private let collector = Locked<StatisticsCollector?>(nil)

    /// Creates a monitor not yet attached to a batch.
    public init() {}

    /// The batch's figures so far; all zero before it starts.
    public var statistics: BatchStatistics {
        collector.withLock { $0 }?.snapshot() ?? StatisticsCollector(total: 0).snapshot()
    }

    /// Attaches the monitor to a starting batch.
    func attach(_ newCollector: StatisticsCollector) {
        collector.withLock { $0 = newCollector }
    }
}
