import Foundation

/// One observable transition of the engine. Encodes to one flat JSON object with a snake_case
/// `type`, a `timestamp` (ISO 8601 when encoded with that date strategy) and `elapsed_ms` on the
/// engine's clock, plus only the fields that apply, so a CLI can write events as JSONL:
///
/// ```json
/// {"type":"stage_retried","timestamp":…,"elapsed_ms":1000,"item_index":3,"item_id":"a.wav",
///  "stage":"deep_analysis","handler":"tempo","attempt":2,"delay_ms":1000,"error":"…"}
/// ```
public struct EngineEvent: Sendable, Codable, Hashable {
    /// What happened.
    public enum Kind: String, Sendable, Codable, Hashable, CaseIterable {
        /// An item got its place among `max_items_in_flight` and starts. Fields: item.
        case itemStarted = "item_started"
        /// An item succeeded. Fields: item, status, duration_ms, quality.
        case itemCompleted = "item_completed"
        /// An item failed. Fields: item, status, duration_ms, error.
        case itemFailed = "item_failed"
        /// An item ended partial. Fields: item, status, duration_ms, error.
        case itemPartial = "item_partial"
        /// An item was cancelled. Fields: item.
        case itemCancelled = "item_cancelled"
        /// A stage attempt began. Fields: item, stage, attempt.
        case stageStarted = "stage_started"
        /// A stage committed. Fields: item, stage, attempt, duration_ms, quality.
        case stageCompleted = "stage_completed"
        /// A stage failed for good. Fields: item, stage, handler, attempt, duration_ms, error.
        case stageFailed = "stage_failed"
        /// A stage will be retried. Fields: item, stage, handler, attempt (the failed one), delay_ms, error.
        case stageRetried = "stage_retried"
        /// A stage attempt timed out. Fields: item, stage, handler, attempt, error.
        case stageTimedOut = "stage_timed_out"
        /// A stage was not run (early exit, earlier failure) or a handler's circuit was open.
        /// Fields: item, stage, handler (circuit only), reason.
        case stageSkipped = "stage_skipped"
        /// A handler's circuit opened. Fields: stage, handler, reason.
        case circuitOpened = "circuit_opened"
        /// A handler's circuit let a trial through. Fields: stage, handler.
        case circuitHalfOpen = "circuit_half_open"
        /// A handler's circuit closed. Fields: stage, handler.
        case circuitClosed = "circuit_closed"
        /// The quality gate sent an item to finalization. Fields: item, stage, quality.
        case earlyExit = "early_exit"
        /// The governor changed a limit. Fields: stage? (none for items in flight), from, to, reason.
        case concurrencyChanged = "concurrency_changed"
        /// The batch stopped admitting items. Fields: stage?, reason.
        case batchStopped = "batch_stopped"
        /// The batch ended. Fields: reason (counts).
        case batchFinished = "batch_finished"
    }

    /// What happened.
    public var type: Kind
    /// Wall-clock time of the event.
    public var timestamp: Date
    /// Time since the batch started on the engine's (injected) clock, in milliseconds.
    public var elapsedMs: Double
    /// The item's position in the batch.
    public var itemIndex: Int?
    /// The item's identifier.
    public var itemID: String?
    /// The stage concerned.
    public var stage: Stage?
    /// The handler concerned.
    public var handler: String?
    /// The attempt number (1-based).
    public var attempt: Int?
    /// A duration, in milliseconds.
    public var durationMs: Double?
    /// The delay before a retry, in milliseconds.
    public var delayMs: Double?
    /// A quality score 0…1.
    public var quality: Double?
    /// An item's final status.
    public var status: ItemStatus?
    /// An error message.
    public var error: String?
    /// A limit before a change.
    public var from: Int?
    /// A limit after a change.
    public var to: Int?
    /// Why it happened, in words.
    public var reason: String?

    /// Creates an event; only `type` and the times are required.
    public init(
        type: Kind, timestamp: Date = Date(), elapsedMs: Double, itemIndex: Int? = nil, itemID: String? = nil,
        stage: Stage? = nil, handler: String? = nil, attempt: Int? = nil, durationMs: Double? = nil,
        delayMs: Double? = nil, quality: Double? = nil, status: ItemStatus? = nil, error: String? = nil,
        from: Int? = nil, to: Int? = nil, reason: String? = nil
    ) {
        self.type = type
        self.timestamp = timestamp
        self.elapsedMs = elapsedMs
        self.itemIndex = itemIndex
        self.itemID = itemID
        self.stage = stage
        self.handler = handler
        self.attempt = attempt
        self.durationMs = durationMs
        self.delayMs = delayMs
        self.quality = quality
        self.status = status
        self.error = error
        self.from = from
        self.to = to
        self.reason = reason
    }

    enum CodingKeys: String, CodingKey {
        case type, timestamp
        case elapsedMs = "elapsed_ms"
        case itemIndex = "item_index"
        case itemID = "item_id"
        case stage, handler, attempt
        case durationMs = "duration_ms"
        case delayMs = "delay_ms"
        case quality, status, error, from, to, reason
    }

    /// One JSON line (no trailing newline) with ISO 8601 timestamps and sorted keys.
    /// - Throws: `EncodingError` only if a value cannot be encoded (non-finite numbers).
    public func jsonLine() throws -> String {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}
