/// Turns FFmpeg's refusal to open a file into an ``AudioError`` that says what is wrong with the file, where its
/// own message ("Invalid data found when processing input") does not.
///
/// An MP4/M4A file written without `faststart` keeps its index (the `moov` box) at the end: cut short, it loses the
/// index and FFmpeg refuses it as invalid data. Its top-level boxes tell the real reason: one declares more bytes
/// than the file holds, or the index is missing.
enum FFmpegOpenFailure {
    /// The error for a file FFmpeg would not open: `refusal`, or `.truncated` when `file` is an ISO media file
    /// (MP4, M4A, 3GP, MOV with an `ftyp` box first) whose boxes run past its end or that holds no `moov` box.
    static func error(refining refusal: AudioError, file: BufferedFile) -> AudioError {
        guard refusal.code == .unsupportedFormat,
            let problem = boxProblem(length: file.length, read: { file.bytes(at: $0, count: $1) })
        else { return refusal }
        return AudioError(.truncated, path: refusal.path, reason: problem)
    }

    /// What is wrong with the top-level boxes of an ISO media file, nil when it is not one or they look whole.
    /// - Parameters:
    ///   - length: The file's size in bytes.
    ///   - read: Reads up to `count` bytes at an offset.
    static func boxProblem(length: Int64, read: (_ offset: Int64, _ count: Int) -> [UInt8]) -> String? {
        var offset: Int64 = 0
        var types: [String] = []
        while offset < length, types.count < 10_000 {
            let header = read(offset, 16)
            guard header.count >= 8 else {
                // Under 8 bytes before any box: no `ftyp`, so not an MP4 file (a 6-byte text file was read as a
                // cut MP4 here).
                guard !types.isEmpty else { return nil }
                return "the MP4 file ends inside a box header at byte \(offset): it is cut short"
            }
            let isPrintable = header[4..<8].allSatisfy { $0 >= 0x20 && $0 < 0x7F }
            let type =
                isPrintable
                ? String(decoding: header[4..<8], as: UTF8.self)
                : header[4..<8].map { String(format: "%02X", $0) }.joined()
            if types.isEmpty, type != "ftyp" { return nil }
            guard isPrintable else {
                return "the MP4 file is damaged at byte \(offset): no box type there (bytes \(type))"
            }
            let declared = header[0..<4].reduce(Int64(0)) { $0 << 8 | Int64($1) }
            var size = declared
            if declared == 1 {
                guard header.count >= 16 else {
                    return "the MP4 file ends inside the header of its '\(type)' box: it is cut short"
                }
                size = header[8..<16].reduce(Int64(0)) { $0 << 8 | Int64($1) }
            } else if declared == 0 {
                size = length - offset  // the last box, to the end of the file
            }
            guard size >= 8 else { return nil }  // damaged, not cut: FFmpeg's own message stands
            if size > length - offset {
                return "the MP4 box '\(type)' at byte \(offset) declares \(size) bytes, the file holds "
                    + "\(length - offset) from there: it is cut short"
            }
            types.append(type)
            offset += size
        }
        guard !types.isEmpty, !types.contains("moov") else { return nil }
        return "the MP4 file has no 'moov' box (the index of its samples, often written last): it is cut short or "
            + "damaged"
    }
}
