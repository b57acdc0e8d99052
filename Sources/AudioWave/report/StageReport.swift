/// One stage's line in a report's `stages` list.
public struct StageReport: Sendable, Codable, Hashable {
    /// The snake_case stage name (`"preparation"`, `"initial_analysis"`, …).
    public var name: String
    /// How the stage ended.
    public var status: StageRunStatus
    /// Number of attempts (1 without retries, 0 when skipped).
    public var attempts: Int
    /// Wall time of the stage including retries, milliseconds.
    public var durationMilliseconds: Double

    /// Creates a stage line.
    public init(name: String, status: StageRunStatus, attempts: Int, durationMilliseconds: Double) {
        self.name = name
        self.status = status
        self.attempts = attempts
        self.durationMilliseconds = durationMilliseconds
    }

    enum CodingKeys: String, CodingKey {
        case name, status, attempts
        case durationMilliseconds = "duration_ms"
    }
}

/// The outcome of one stage for one item.
public enum StageRunStatus: String, Sendable, Codable, Hashable, CaseIterable {
    /// The stage's handlers succeeded.
    case completed
    /// The stage failed after its retries.
    case failed
    /// The stage exceeded its timeout.
    case timedOut = "timed_out"
    /// The item was cancelled during the stage.
    case cancelled
    /// The stage did not run (disabled, or the item ended early before it).
    case skipped
}
