/// How an item ended.
public enum ItemStatus: String, Sendable, Codable, Hashable, CaseIterable {
    /// Every stage it ran succeeded (an early exit is also a success).
    case succeeded
    /// A stage failed but partial results are allowed: the state holds what was committed.
    case partial
    /// A stage failed and partial results are not allowed, or the item timed out without any.
    case failed
    /// The batch was cancelled while the item was in flight.
    case cancelled
}

/// How one stage went for one item.
public enum StageStatus: String, Sendable, Codable, Hashable {
    /// All its handlers succeeded and their contributions were committed.
    case completed
    /// A handler failed after its retries (or permanently); nothing of the stage was committed.
    case failed
    /// The last attempt timed out (stage or item timeout).
    case timedOut = "timed_out"
    /// Every handler's circuit was open (or one was, and partial results are not allowed), so the
    /// stage did not run its work.
    case circuitOpen = "circuit_open"
    /// Not run: the item exited early or failed before reaching it.
    case skipped
    /// Stopped by cancellation.
    case cancelled
}

/// The record of one stage for one item.
public struct StageRecord: Sendable, Codable, Hashable {
    /// The stage.
    public var stage: Stage
    /// How it went.
    public var status: StageStatus
    /// Attempts made (0 when skipped).
    public var attempts: Int
    /// Wall time on the engine's clock from the first attempt to the end, in milliseconds,
    /// including retry delays (0 when skipped).
    public var durationMs: Double
    /// The stage's quality: the lowest quality its handlers reported, if any did.
    public var quality: Double?
    /// Handler notes, as `handler: note`, in commit order.
    public var notes: [String]
    /// Handlers not run because their circuit was open, while the stage's other handlers ran and
    /// committed: their contributions are missing from the state (the item ends `partial`).
    public var skippedHandlers: [String]

    /// Creates a record.
    public init(
        stage: Stage, status: StageStatus, attempts: Int, durationMs: Double, quality: Double? = nil,
        notes: [String] = [], skippedHandlers: [String] = []
    ) {
        self.stage = stage
        self.status = status
        self.attempts = attempts
        self.durationMs = durationMs
        self.quality = quality
        self.notes = notes
        self.skippedHandlers = skippedHandlers
    }

    enum CodingKeys: String, CodingKey {
        case stage, status, attempts
        case durationMs = "duration_ms"
        case quality, notes
        case skippedHandlers = "skipped_handlers"
    }

    /// Decodes a record; a missing `skipped_handlers` (records written before it existed) is empty.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        stage = try container.decode(Stage.self, forKey: .stage)
        status = try container.decode(StageStatus.self, forKey: .status)
        attempts = try container.decode(Int.self, forKey: .attempts)
        durationMs = try container.decode(Double.self, forKey: .durationMs)
        quality = try container.decodeIfPresent(Double.self, forKey: .quality)
        notes = try container.decode([String].self, forKey: .notes)
        skippedHandlers = try container.decodeIfPresent([String].self, forKey: .skippedHandlers) ?? []
    }
}

/// An error that happened in a stage, kept in the item's result.
public struct ItemError: Error, Sendable, Codable, Hashable, CustomStringConvertible {
    /// What kind of failure.
    public enum Kind: String, Sendable, Codable, Hashable {
        /// The handler threw.
        case failed
        /// The stage attempt exceeded its timeout.
        case stageTimeout = "stage_timeout"
        /// The item exceeded `total_timeout_seconds`.
        case itemTimeout = "item_timeout"
        /// The handler's circuit was open: it did not run.
        case circuitOpen = "circuit_open"
        /// The batch was cancelled.
        case cancelled
    }

    /// The stage it happened in.
    public var stage: Stage
    /// The handler, when one is to blame.
    public var handler: String?
    /// What kind of failure.
    public var kind: Kind
    /// The error's description.
    public var message: String
    /// The attempt it happened on (1-based).
    public var attempt: Int
    /// Whether it was marked permanent (not retried).
    public var isPermanent: Bool
    /// The error's own code (``FailureClassifying/failureCode``), when it has one.
    public var code: String?
    /// Whether the input was to blame (``FailureClassifying/isInputError``).
    public var isInputError: Bool

    /// Creates an error record.
    public init(
        stage: Stage, handler: String?, kind: Kind, message: String, attempt: Int, isPermanent: Bool,
        code: String? = nil, isInputError: Bool = false
    ) {
        self.code = code
        self.isInputError = isInputError
        self.stage = stage
        self.handler = handler
        self.kind = kind
        self.message = message
        self.attempt = attempt
        self.isPermanent = isPermanent
    }

    /// `stage/handler: message`.
    public var description: String { "\(stage.rawValue)/\(handler ?? "-"): \(message)" }

    enum CodingKeys: String, CodingKey {
        case stage, handler, kind, message, attempt, code
        case isPermanent = "is_permanent"
        case isInputError = "is_input_error"
    }
}

/// Why an item skipped to finalization.
public struct EarlyExit: Sendable, Codable, Hashable {
    /// The stage whose quality ended the item.
    public var stage: Stage
    /// That stage's quality.
    public var quality: Double

    /// Creates a record of an early exit.
    public init(stage: Stage, quality: Double) {
        self.stage = stage
        self.quality = quality
    }
}

/// The outcome of one item: its final state, how it ended and what happened in each stage.
public struct ItemResult<State: Sendable>: Sendable {
    /// The item's position in the batch (0 for `runOne`).
    public var index: Int
    /// The item's identifier.
    public var id: String
    /// How the item ended.
    public var status: ItemStatus
    /// The state with every committed contribution.
    public var state: State
    /// One record per enabled stage, in run order.
    public var stages: [StageRecord]
    /// Errors in the order they happened (retried ones included).
    public var errors: [ItemError]
    /// Set when the quality gate sent the item to finalization.
    public var earlyExit: EarlyExit?
    /// The last quality any completed stage reported.
    public var quality: Double?
    /// From start to end on the engine's clock, in milliseconds.
    public var durationMs: Double

    /// Creates a result (the engine builds these; public for tests and for records read back).
    public init(
        index: Int, id: String, status: ItemStatus, state: State, stages: [StageRecord], errors: [ItemError],
        earlyExit: EarlyExit?, quality: Double?, durationMs: Double
    ) {
        self.index = index
        self.id = id
        self.status = status
        self.state = state
        self.stages = stages
        self.errors = errors
        self.earlyExit = earlyExit
        self.quality = quality
        self.durationMs = durationMs
    }

    /// Whether the item ended early through the quality gate.
    public var isEarlyExit: Bool { earlyExit != nil }

    /// The record of `stage`, if it is enabled.
    public func record(for stage: Stage) -> StageRecord? { stages.first { $0.stage == stage } }
}

extension ItemResult: Codable where State: Codable {
    enum CodingKeys: String, CodingKey {
        case index, id, status, state, stages, errors
        case earlyExit = "early_exit"
        case quality
        case durationMs = "duration_ms"
    }
}

extension ItemResult: Equatable where State: Equatable {}
