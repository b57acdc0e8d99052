import AudioWavePaths
import AudioWaveReport
import CTagLibBridge

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// One file's tags in memory, through TagLib (the C functions of `CTagLibBridge`): the C boundary of the tags
/// layer. Owns the bridge's handle and closes it, unsaved changes dropped, in `deinit`. Not thread-safe: one
/// caller at a time.
final class TagFile {
    private let handle: OpaquePointer
    /// The file, as the caller named it.
    let path: String
    /// The tag BPM and key go in; nil when TagLib reads the file but its format has none AudioWave writes.
    let format: TagFormat?

    private init(handle: OpaquePointer, path: String) {
        self.handle = handle
        self.path = path
        switch aw_tag_format(handle) {
        case AWTagFormatID3v2: format = .id3v2
        case AWTagFormatXiphComment: format = .vorbisComment
        case AWTagFormatMP4: format = .mp4
        default: format = nil
        }
    }

    deinit { aw_tag_close(handle) }

    /// Opens the file's tags (not its audio). The corresponding C function is `aw_tag_open`.
    /// - Parameter path: The file (a lossless path string, see `FileSystemPath`).
    /// - Returns: The tags, or nil when TagLib knows no file type for the file's name or content.
    /// - Throws: ``TagError`` `not_found` when the path does not exist, `unreadable` when the file cannot be read
    ///   or TagLib cannot parse a file of a type it knows.
    static func open(_ path: String) throws(TagError) -> TagFile? {
        if case .failure(let error) = FileSystemPath.status(of: path) {
            throw TagError(error == .notFound ? .notFound : .unreadable, path: path, reason: error.message)
        }
        guard FileSystemPath.isReadable(path) else {
            throw TagError(.unreadable, path: path, reason: SystemError.accessDenied.message)
        }
        var status = AWTagOpenOK
        guard let handle = aw_tag_open(FileSystemPath.cString(path), &status) else {
            if status == AWTagOpenUnknownType { return nil }
            throw TagError(.unreadable, path: path, reason: "TagLib cannot parse the file's structure")
        }
        return TagFile(handle: handle, path: path)
    }

    /// Whether TagLib could open the file only for reading, so that ``save()`` would fail.
    var isReadOnly: Bool { aw_tag_is_read_only(handle) != 0 }

    /// The field's first value in the tag, nil when it has none. The corresponding C function is
    /// `aw_tag_copy_field`.
    func value(of field: TagField) -> String? {
        guard let copy = aw_tag_copy_field(handle, Self.bridgeField(field)) else { return nil }
        defer { free(copy) }
        return String(cString: copy)
    }

    /// Replaces the field's values with `value`, in memory. The corresponding C function is `aw_tag_set_field`.
    /// - Throws: ``TagError`` `write_failed` when the tag cannot hold the value (MP4's `tmpo` holds 0...65535).
    func set(_ field: TagField, to value: String) throws(TagError) {
        guard aw_tag_set_field(handle, Self.bridgeField(field), value) != 0 else {
            let name = format.map(field.tagName(in:)) ?? field.rawValue
            throw TagError(.writeFailed, path: path, reason: "TagLib cannot store \"\(value)\" in \(name)")
        }
    }

    /// Writes the tags into the file; the audio is not touched. The corresponding C function is `aw_tag_save`.
    /// - Throws: ``TagError`` `read_only` when the file cannot be opened for writing, `write_failed` when saving
    ///   fails.
    func save() throws(TagError) {
        if isReadOnly { throw TagError(.readOnly, path: path, reason: "the process may not write the file") }
        guard aw_tag_save(handle) != 0 else {
            throw TagError(.writeFailed, path: path, reason: "TagLib could not save the tags")
        }
    }

    private static func bridgeField(_ field: TagField) -> AWTagField {
        switch field {
        case .bpm: AWTagFieldBPM
        case .key: AWTagFieldKey
        }
    }
}
