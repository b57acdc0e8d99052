/// Why tags could not be read or written (``TagsReport/errorCode``). A struct of documented codes rather than an
/// enum, so that a record from a newer AudioWave with another code still decodes (as ``ReportErrorCode`` does).
public struct TagErrorCode: RawRepresentable, Sendable, Codable, Hashable, CaseIterable, CustomStringConvertible {
    /// The snake_case code, e.g. `"read_only"`.
    public let rawValue: String

    /// A code by its snake_case name (any string: unknown codes are kept).
    public init(rawValue: String) { self.rawValue = rawValue }

    /// The file is gone (moved or deleted after the analysis).
    public static let notFound = TagErrorCode(rawValue: "not_found")
    /// The file changed on disk since it was analysed (its size or modification time differ from the report's
    /// `source`): the analysis may not describe it any more, so nothing is written.
    public static let changed = TagErrorCode(rawValue: "changed")
    /// The process may not write the file (its permissions, a read-only file system).
    public static let readOnly = TagErrorCode(rawValue: "read_only")
    /// TagLib knows the format by the file's name but cannot parse the file's structure.
    public static let unreadable = TagErrorCode(rawValue: "unreadable")
    /// TagLib could not store a value or save the file (an I/O error, a full disk).
    public static let writeFailed = TagErrorCode(rawValue: "write_failed")

    /// Every documented code, in the order of `docs/report.md`.
    public static let allCases: [TagErrorCode] = [.notFound, .changed, .readOnly, .unreadable, .writeFailed]

    public var description: String { rawValue }

    // Codable comes from the standard library's `RawRepresentable` (a String raw value, encoded as one
    // string); `init(rawValue:)` never fails, so an unknown code decodes and is kept.
}
