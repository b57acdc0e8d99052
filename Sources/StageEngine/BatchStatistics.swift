import Histogram

/// Figures about a batch so far; a snapshot, available at any time while it runs.
public struct BatchStatistics: Sendable, Codable, Hashable {
    /// Duration figures and outcome counts of one stage.
    public struct StageFigures: Sendable, Codable, Hashable {
        /// Stage outcomes counted: completed.
        public var completed: Int
        /// Stage outcomes counted: failed, timed out or circuit open.
        public var failed: Int
        /// Retries: attempts after the first, over every run of the stage.
        public var retries: Int
        /// `completed / (completed + failed)`, 1 when none.
        public var successRate: Double
        /// Median duration of the stage's runs, in milliseconds.
        public var p50Ms: Double
        /// 90th percentile duration, in milliseconds.
        public var p90Ms: Double
        /// 99th percentile duration, in milliseconds.
        public var p99Ms: Double
        /// Longest duration, in milliseconds.
        public var maxMs: Double

        enum CodingKeys: String, CodingKey {
            case completed, failed, retries
            case successRate = "success_rate"
            case p50Ms = "p50_ms"
            case p90Ms = "p90_ms"
            case p99Ms = "p99_ms"
            case maxMs = "max_ms"
        }
    }

    /// Items in the batch.
    public var total: Int
    /// Items finished so far (any status).
    public var finished: Int
    /// Items that succeeded (early exits included).
    public var succeeded: Int
    /// Items that failed.
    public var failed: Int
    /// Items that ended partial.
    public var partial: Int
    /// Items that ended early through the quality gate.
    public var earlyExited: Int
    /// Items cancelled in flight.
    public var cancelled: Int
    /// Items in flight now.
    public var active: Int
    /// `succeeded / (finished − cancelled)`, 1 when none finished.
    public var successRate: Double
    /// Per-stage figures, keyed by stage name.
    public var stages: [String: StageFigures]

    enum CodingKeys: String, CodingKey {
        case total, finished, succeeded, failed, partial
        case earlyExited = "early_exited"
        case cancelled, active
        case successRate = "success_rate"
        case stages
    }

    /// The figures of `stage`, if it ran at all.
    public func figures(for stage: Stage) -> StageFigures? { stages[stage.rawValue] }
}

/// Accumulates item results into statistics; thread-safe.
final class StatisticsCollector: Sendable {
    private struct StageTally {
        var completed = 0
        var failed = 0
        var retries = 0
        /// Stage durations in microseconds, 3 significant digits (0.1%) up to about 28 hours: a fixed
        /// footprint however many items a batch holds (the list of every duration grew without bound).
        var durations = Histogram<UInt64>(
            highestTrackableValue: 100_000_000_000, numberOfSignificantValueDigits: .three)
    }

    private struct Tally {
        var total: Int
        var active = 0
        var byStatus: [ItemStatus: Int] = [:]
        var earlyExited = 0
        var stages: [Stage: StageTally] = [:]
    }

    private let tally: Locked<Tally>

    init(total: Int) {
        tally = Locked(Tally(total: total))
    }

    /// Adds `count` items to the total (an engine's running figures grow with every call).
    func addItems(_ count: Int) {
        tally.withLock { $0.total += count }
    }

    /// Counts an admitted item.
    func itemStarted() {
        tally.withLock { $0.active += 1 }
    }

    /// Counts a finished item and its stage outcomes.
    func record<State>(_ result: ItemResult<State>) {
        tally.withLock { tally in
            tally.active -= 1
            tally.byStatus[result.status, default: 0] += 1
            if result.earlyExit != nil { tally.earlyExited += 1 }
            for record in result.stages {
                switch record.status {
                case .completed:
                    tally.stages[record.stage, default: StageTally()].completed += 1
                case .failed where result.errors.contains { $0.stage == record.stage && $0.isInputError }:
                    continue  // the input was bad, not the stage: kept out of its success rate
                case .failed, .timedOut, .circuitOpen:
                    tally.stages[record.stage, default: StageTally()].failed += 1
                case .skipped, .cancelled:
                    continue
                }
                tally.stages[record.stage, default: StageTally()].retries += max(0, record.attempts - 1)
                let microseconds = (record.durationMs * 1000).rounded()
                let value = microseconds.isFinite ? UInt64(min(max(microseconds, 0), 100_000_000_000)) : 0
                tally.stages[record.stage, default: StageTally()].durations.record(value)
            }
        }
    }

    /// The first stage whose success rate is below `minimum` after at least `sampleSize` outcomes.
    func stageBelowSuccessRate(_ minimum: Double, sampleSize: Int) -> (stage: Stage, rate: Double, count: Int)? {
        tally.withLock { tally in
            for (stage, figures) in tally.stages.sorted(by: { $0.key < $1.key }) {
                let count = figures.completed + figures.failed
                guard count >= sampleSize else { continue }
                let rate = Double(figures.completed) / Double(count)
                if rate < minimum { return (stage, rate, count) }
            }
            return nil
        }
    }

    /// A snapshot of the figures.
    func snapshot() -> BatchStatistics {
        tally.withLock { tally in
            let finished = tally.byStatus.values.reduce(0, +)
            let succeeded = tally.byStatus[.succeeded] ?? 0
            let cancelled = tally.byStatus[.cancelled] ?? 0
            let settled = finished - cancelled
            var stages: [String: BatchStatistics.StageFigures] = [:]
            for (stage, figures) in tally.stages {
                let durations = figures.durations
                let count = figures.completed + figures.failed
                stages[stage.rawValue] = BatchStatistics.StageFigures(
                    completed: figures.completed, failed: figures.failed, retries: figures.retries,
                    successRate: count == 0 ? 1 : Double(figures.completed) / Double(count),
                    p50Ms: Self.milliseconds(durations, percentile: 50),
                    p90Ms: Self.milliseconds(durations, percentile: 90),
                    p99Ms: Self.milliseconds(durations, percentile: 99),
                    maxMs: durations.totalCount == 0 ? 0 : Double(durations.max) / 1000)
            }
            return BatchStatistics(
                total: tally.total, finished: finished, succeeded: succeeded, failed: tally.byStatus[.failed] ?? 0,
                partial: tally.byStatus[.partial] ?? 0, earlyExited: tally.earlyExited, cancelled: cancelled,
                active: tally.active, successRate: settled == 0 ? 1 : Double(succeeded) / Double(settled),
                stages: stages)
        }
    }

    /// A percentile of the recorded durations in milliseconds, within 0.1% (0 when none).
    static func milliseconds(_ durations: Histogram<UInt64>, percentile: Double) -> Double {
        durations.totalCount == 0 ? 0 : Double(durations.valueAtPercentile(percentile)) / 1000
    }
}
