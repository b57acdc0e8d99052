/// An error code a report's `error.code` carries: one of the documented set (the static members), or a
/// code a newer AudioWave wrote that this version does not know, kept as it was read.
///
/// The set is small on purpose: consumers switch on it (with a `default:` for codes added later). Every
/// documented code is listed in `docs/report.schema.json` and described in `docs/report.md`. A struct rather
/// than an enum so that reading a newer report never fails on its error code.
public struct ReportErrorCode: RawRepresentable, Sendable, Codable, Hashable, CaseIterable, CustomStringConvertible {
    /// The snake_case code, e.g. `"not_found"`.
    public let rawValue: String

    /// A code by its snake_case name (any string: unknown codes are kept).
    public init(rawValue: String) { self.rawValue = rawValue }

    /// The input path does not exist (or is a broken symbolic link).
    public static let notFound = ReportErrorCode(rawValue: "not_found")
    /// The input exists but the process may not read it.
    public static let permissionDenied = ReportErrorCode(rawValue: "permission_denied")
    /// Reading failed for another I/O reason (device error, a directory where a file was expected).
    public static let unreadable = ReportErrorCode(rawValue: "unreadable")
    /// The decoder does not recognise the container or encoding.
    public static let unsupportedFormat = ReportErrorCode(rawValue: "unsupported_format")
    /// The file holds no audio frames (zero bytes, or a valid header with no data).
    public static let empty = ReportErrorCode(rawValue: "empty")
    /// The file ends before the length its header announces.
    public static let truncated = ReportErrorCode(rawValue: "truncated")
    /// The header is malformed (impossible sample rate or channel count, corrupt chunk sizes).
    public static let invalidHeader = ReportErrorCode(rawValue: "invalid_header")
    /// Decoded samples contain NaN or infinity.
    public static let nonFiniteSamples = ReportErrorCode(rawValue: "non_finite_samples")
    /// A stage exceeded its configured per-file timeout.
    public static let timeout = ReportErrorCode(rawValue: "timeout")
    /// The item was cancelled (SIGINT/SIGTERM, task cancellation) before it finished.
    public static let cancelled = ReportErrorCode(rawValue: "cancelled")
    /// A bug or an unexpected condition inside AudioWave.
    public static let `internal` = ReportErrorCode(rawValue: "internal")

    /// Every documented code, in the order of `docs/report.md`.
    public static let allCases: [ReportErrorCode] = [
        .notFound,
        .permissionDenied,
        .unreadable,
        .unsupportedFormat,
        .empty,
        .truncated,
        .invalidHeader,
        .nonFiniteSamples,
        .timeout,
        .cancelled,
        .`internal`,
    ]

    /// Whether this version documents the code (false for a code from a newer AudioWave).
    public var isDocumented: Bool { Self.allCases.contains(self) }

    public var description: String { rawValue }

    // Codable comes from the standard library's `RawRepresentable` (a String raw value, encoded as one
    // string); `init(rawValue:)` never fails, so an unknown code decodes and is kept.
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
