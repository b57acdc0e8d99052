/// What `--write-tags` did to one file's own tags (``AnalysisReport/tags``): written, or what would be written
/// (`--dry-run`), or why nothing was.
///
/// Every key is always written, absent values as JSON `null`.
public struct TagsReport: Sendable, Codable, Hashable {
    /// The outcome for the file.
    public enum Status: String, Sendable, Codable, Hashable, CaseIterable {
        /// At least one field was written into the file.
        case written
        /// A dry run: at least one field would be written; the file was not opened for writing.
        case wouldWrite = "would_write"
        /// Nothing to write: every field already holds its value, is below the confidence threshold or has no
        /// value (``TagFieldReport/action`` says which).
        case unchanged
        /// Not attempted because the analysis did not succeed (its status is not `ok`); ``reason`` says why.
        case skipped
        /// The file's format has no tag AudioWave writes BPM and key into (WAV, AIFF, …); ``reason`` says which.
        case unsupported
        /// Reading or writing the tags failed: ``errorCode`` and ``reason`` say why; nothing was written.
        case failed
    }

    /// The outcome.
    public var status: Status
    /// Whether this was a dry run (`--dry-run`): then the file is never written.
    public var dryRun: Bool
    /// The tag the fields go in; nil when the file could not be opened or its format has none.
    public var format: TagFormat?
    /// The notation of the key's value.
    public var keyNotation: KeyNotation
    /// The confidence a field's analysis needs to be written, 0...1.
    public var minConfidence: Double
    /// BPM then key; empty when the file was skipped, unsupported, or could not be opened.
    public var fields: [TagFieldReport]
    /// Why the tags could not be read or written, when ``status`` is ``Status/failed``.
    public var errorCode: TagErrorCode?
    /// Why nothing was written, for ``Status/skipped``, ``Status/unsupported`` and ``Status/failed``; with
    /// ``Status/wouldWrite``, a warning that the file is read-only (a real run would fail).
    public var reason: String?

    /// Creates a tags report.
    public init(
        status: Status, dryRun: Bool, format: TagFormat?, keyNotation: KeyNotation, minConfidence: Double,
        fields: [TagFieldReport], errorCode: TagErrorCode? = nil, reason: String? = nil
    ) {
        self.status = status
        self.dryRun = dryRun
        self.format = format
        self.keyNotation = keyNotation
        self.minConfidence = minConfidence
        self.fields = fields
        self.errorCode = errorCode
        self.reason = reason
    }

    enum CodingKeys: String, CodingKey {
        case status
        case dryRun = "dry_run"
        case format
        case keyNotation = "key_notation"
        case minConfidence = "min_confidence"
        case fields
        case errorCode = "error_code"
        case reason
    }

    /// Encodes every key; absent values are written as explicit JSON `null`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(status, forKey: .status)
        try container.encode(dryRun, forKey: .dryRun)
        try container.encode(format, forKey: .format)
        try container.encode(keyNotation, forKey: .keyNotation)
        try container.encode(minConfidence, forKey: .minConfidence)
        try container.encode(fields, forKey: .fields)
        try container.encode(errorCode, forKey: .errorCode)
        try container.encode(reason, forKey: .reason)
    }
}
