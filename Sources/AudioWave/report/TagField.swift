/// A field `--write-tags` writes.
public enum TagField: String, Sendable, Codable, Hashable, CaseIterable {
    /// The tempo, an integer number of beats per minute.
    case bpm
    /// The musical key, in the chosen ``KeyNotation``.
    case key

    /// The field's tag name in `format`: `TBPM`/`TKEY` (ID3v2), `BPM`/`INITIALKEY` (Vorbis comment),
    /// `tmpo`/`----:com.apple.iTunes:initialkey` (MP4); for a format this version does not know, the field's name.
    public func tagName(in format: TagFormat) -> String {
        switch (format, self) {
        case (.id3v2, .bpm): "TBPM"
        case (.id3v2, .key): "TKEY"
        case (.vorbisComment, .bpm): "BPM"
        case (.vorbisComment, .key): "INITIALKEY"
        case (.mp4, .bpm): "tmpo"
        case (.mp4, .key): "----:com.apple.iTunes:initialkey"
        default: rawValue
        }
    }
}
