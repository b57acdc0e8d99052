/// One field of ``TagsReport``: the tag it goes in, its value before, the value AudioWave writes, and what happened.
///
/// Every key is always written, absent values as JSON `null`.
public struct TagFieldReport: Sendable, Codable, Hashable {
    /// What happened to the field.
    public enum Action: String, Sendable, Codable, Hashable, CaseIterable {
        /// ``TagFieldReport/value`` was written into the file.
        case written
        /// A dry run: ``TagFieldReport/value`` would be written.
        case wouldWrite = "would_write"
        /// The tag already holds ``TagFieldReport/value`` exactly: the field is not written.
        case unchanged
        /// The analysis's confidence is below the threshold (``TagsReport/minConfidence``): not written.
        case belowThreshold = "below_threshold"
        /// The analysis has no value (not requested, silent, no tonal content, …: ``TagFieldReport/reason``).
        case unavailable
        /// It was to be written, but writing the file failed (``TagsReport/errorCode``): the file is unchanged.
        case notWritten = "not_written"
    }

    /// BPM or key.
    public var field: TagField
    /// The tag's name for the field in this format (`TBPM`, `BPM`, `tmpo`, `TKEY`, `INITIALKEY`,
    /// `----:com.apple.iTunes:initialkey`).
    public var tag: String
    /// The tag's value before AudioWave wrote it (its first value), nil when the file had none.
    public var previous: String?
    /// The value AudioWave writes (BPM rounded to an integer; the key in ``TagsReport/keyNotation``), nil when the
    /// analysis has none.
    public var value: String?
    /// The analysis's confidence in the value, 0...1, nil when the analysis has no value.
    public var confidence: Double?
    /// What happened.
    public var action: Action
    /// Why the analysis has no value (for ``Action/unavailable``), nil otherwise.
    public var reason: String?

    /// Creates a field report.
    public init(
        field: TagField, tag: String, previous: String?, value: String?, confidence: Double?, action: Action,
        reason: String? = nil
    ) {
        self.field = field
        self.tag = tag
        self.previous = previous
        self.value = value
        self.confidence = confidence
        self.action = action
        self.reason = reason
    }

    enum CodingKeys: String, CodingKey {
        case field, tag, previous, value, confidence, action, reason
    }

    /// Encodes every key; absent values are written as explicit JSON `null`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(field, forKey: .field)
        try container.encode(tag, forKey: .tag)
        try container.encode(previous, forKey: .previous)
        try container.encode(value, forKey: .value)
        try container.encode(confidence, forKey: .confidence)
        try container.encode(action, forKey: .action)
        try container.encode(reason, forKey: .reason)
    }
}
