/// Facts about the input file on disk, recorded so that `--resume` can tell whether it changed.
///
/// The modification time is split into whole seconds and nanoseconds so that it survives a
/// JSON round trip exactly in every language (a nanosecond count overflows JavaScript's doubles).
public struct SourceFacts: Sendable, Codable, Hashable {
    /// File size, bytes.
    public var sizeBytes: Int64
    /// Modification time, whole seconds since the Unix epoch.
    public var mtimeSeconds: Int64
    /// Nanosecond part of the modification time, 0 ..< 1_000_000_000.
    public var mtimeNanoseconds: Int64

    /// Creates source facts.
    public init(sizeBytes: Int64, mtimeSeconds: Int64, mtimeNanoseconds: Int64) {
        self.sizeBytes = sizeBytes
        self.mtimeSeconds = mtimeSeconds
        self.mtimeNanoseconds = mtimeNanoseconds
    }

    enum CodingKeys: String, CodingKey {
        case sizeBytes = "size_bytes"
        case mtimeSeconds = "mtime_s"
        case mtimeNanoseconds = "mtime_ns"
    }
}
