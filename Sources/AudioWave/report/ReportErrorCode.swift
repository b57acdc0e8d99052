/// The documented set of error codes a report's `error.code` may carry.
///
/// The set is small on purpose: consumers switch on it. Every code is listed in
/// `docs/report.schema.json` and described in `docs/report.md`.
public enum ReportErrorCode: String, Sendable, Codable, Hashable, CaseIterable {
    /// The input path does not exist (or is a broken symbolic link).
    case notFound = "not_found"
    /// The input exists but the process may not read it.
    case permissionDenied = "permission_denied"
    /// Reading failed for another I/O reason (device error, a directory where a file was expected).
    case unreadable
    /// The decoder does not recognise the container or encoding.
    case unsupportedFormat = "unsupported_format"
    /// The file holds no audio frames (zero bytes, or a valid header with no data).
    case empty
    /// The file ends before the length its header announces.
    case truncated
    /// The header is malformed (impossible sample rate or channel count, corrupt chunk sizes).
    case invalidHeader = "invalid_header"
    /// Decoded samples contain NaN or infinity.
    case nonFiniteSamples = "non_finite_samples"
    /// A stage exceeded its configured per-file timeout.
    case timeout
    /// The item was cancelled (SIGINT/SIGTERM, task cancellation) before it finished.
    case cancelled
    /// A bug or an unexpected condition inside AudioWave.
    case `internal`
}

/// The error part of a report: why the file is `failed` (or what degraded it to `partial`).
public struct ReportError: Error, Sendable, Codable, Hashable, CustomStringConvertible {
    /// One of the documented error codes.
    public var code: ReportErrorCode
    /// A log-friendly message naming the file, e.g. `"take3.wav: truncated: header says 441000 frames"`.
    public var message: String
    /// The snake_case name of the stage that failed (`"preparation"`, …), or nil when the error
    /// happened outside any stage (e.g. the file was not found by the scanner).
    public var stage: String?

    /// Creates an error record.
    public init(code: ReportErrorCode, message: String, stage: String? = nil) {
        self.code = code
        self.message = message
        self.stage = stage
    }

    /// The message (it already names the file, the code and the reason).
    public var description: String { message }

    enum CodingKeys: String, CodingKey {
        case code, message, stage
    }

    /// Encodes every key, writing a missing stage as an explicit JSON `null`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(code, forKey: .code)
        try container.encode(message, forKey: .message)
        try container.encode(stage, forKey: .stage)
    }
}
