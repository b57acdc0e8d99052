/// The kind of tag BPM and key are written into. A struct of documented values rather than an enum, so that a
/// record from a newer AudioWave that writes another kind still decodes (as ``ReportErrorCode`` does).
public struct TagFormat: RawRepresentable, Sendable, Codable, Hashable, CustomStringConvertible {
    /// The snake_case name, e.g. `"id3v2"`.
    public let rawValue: String

    /// A format by its name (any string: unknown names are kept).
    public init(rawValue: String) { self.rawValue = rawValue }

    /// ID3v2 (MP3): frames `TBPM` and `TKEY`; an existing tag keeps its version (2.3 or 2.4), a new one is 2.4.
    public static let id3v2 = TagFormat(rawValue: "id3v2")
    /// Vorbis comments (FLAC, Ogg Vorbis, Opus): fields `BPM` and `INITIALKEY`.
    public static let vorbisComment = TagFormat(rawValue: "vorbis_comment")
    /// MP4 metadata (M4A): the integer atom `tmpo` and the freeform atom `----:com.apple.iTunes:initialkey`.
    public static let mp4 = TagFormat(rawValue: "mp4")

    public var description: String { rawValue }

    // Codable comes from the standard library's `RawRepresentable` (a String raw value, encoded as one
    // string); `init(rawValue:)` never fails, so an unknown value decodes and is kept.
}
