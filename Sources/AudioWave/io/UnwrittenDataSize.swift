/// A WAV or AIFF file whose header never got its sizes: a recorder or a capture program writes the header first
/// with no audio declared and fills the sizes in when it finishes, so a recording that crashed, was killed or is
/// still being written keeps them with all its audio after the header. libsndfile believes the header and finds
/// no frames. The sizes the finished file would hold are laid over the header's bytes as libsndfile reads them
/// (``BufferedFile/corrections``), so it reads the audio chunk to the end of the file.
///
/// - WAV: a `data` chunk of 0 bytes (the RIFF size corrected too).
/// - AIFF and AIFC: an `SSND` chunk of at most 8 bytes, its offset and block-size fields and no sample (the FORM
///   size corrected too). An SSND size of 0 libsndfile already reads to the end; it gets the same correction, so
///   one rule and one warning cover both.
///
/// An empty audio chunk followed by another chunk, or by nothing, is an empty recording and is left alone.
enum UnwrittenDataSize {
    /// The header corrections for `file` and the warning that says what was read, or nil when its sizes stand.
    static func finding(in file: BufferedFile) -> (corrections: [HeaderCorrection], note: String)? {
        let header = file.bytes(at: 0, count: 12)
        guard header.count == 12 else { return nil }
        if header[0..<4].elementsEqual("RIFF".utf8), header[8..<12].elementsEqual("WAVE".utf8) {
            return wave(file)
        }
        if header[0..<4].elementsEqual("FORM".utf8),
            header[8..<12].elementsEqual("AIFF".utf8) || header[8..<12].elementsEqual("AIFC".utf8)
        {
            return aiff(file)
        }
        return nil
    }

    /// A RIFF WAVE file whose `data` chunk declares 0 bytes while bytes that start no chunk follow it.
    private static func wave(_ file: BufferedFile) -> (corrections: [HeaderCorrection], note: String)? {
        unwritten(
            "data", in: file, bigEndian: false, fieldBytes: 0,
            note: "the WAV header says its data chunk holds 0 bytes (a recording whose header was never finalised)")
    }

    /// An AIFF or AIFC file whose `SSND` chunk declares no sample (at most its 8 bytes of offset and block size)
    /// while bytes that start no chunk follow those fields.
    private static func aiff(_ file: BufferedFile) -> (corrections: [HeaderCorrection], note: String)? {
        unwritten(
            "SSND", in: file, bigEndian: true, fieldBytes: 8,
            note: "the AIFF header says its sound data chunk holds no samples (a recording whose header was never "
                + "finalised)")
    }

    /// The corrections for an audio chunk `name` that declares no more than its own `fieldBytes` while bytes that
    /// start no chunk follow them: the container's size and the chunk's, as the finished file would hold them.
    private static func unwritten(
        _ name: String, in file: BufferedFile, bigEndian: Bool, fieldBytes: Int64, note: String
    ) -> (corrections: [HeaderCorrection], note: String)? {
        guard let audio = chunk(name, in: file, bigEndian: bigEndian), audio.size <= fieldBytes,
            file.length > audio.offset + 8 + fieldBytes,
            !startsChunk(file, at: audio.offset + 8 + fieldBytes, bigEndian: bigEndian)
        else { return nil }
        // The container's size after its 8-byte header, and the audio chunk's after its own.
        let sizes: [(offset: Int64, value: Int64)] = [
            (4, file.length - 8), (audio.offset + 4, file.length - audio.offset - 8),
        ]
        let corrections = sizes.map { HeaderCorrection(offset: $0.offset, size: $0.value, bigEndian: bigEndian) }
        return (corrections, note + ": the audio was read up to the end of the file")
    }

    /// Offset and declared size of the first chunk named `name` after the 12-byte RIFF or FORM header.
    private static func chunk(_ name: String, in file: BufferedFile, bigEndian: Bool) -> (offset: Int64, size: Int64)? {
        var offset: Int64 = 12
        for _ in 0..<64 {
            let header = file.bytes(at: offset, count: 8)
            guard header.count == 8 else { return nil }
            let size = Int64(header[4..<8].value(bigEndian: bigEndian))
            if header[0..<4].elementsEqual(name.utf8) { return (offset, size) }
            offset += 8 + size + (size & 1)
        }
        return nil
    }

    /// Whether a chunk starts at `offset` (four printable ASCII characters and a size that fits in the file): an
    /// empty audio chunk followed by, say, a LIST or ID3 chunk is an empty recording, not audio to read to the end.
    private static func startsChunk(_ file: BufferedFile, at offset: Int64, bigEndian: Bool) -> Bool {
        let header = file.bytes(at: offset, count: 8)
        guard header.count == 8, header[0..<4].allSatisfy({ (0x20...0x7E).contains($0) }) else { return false }
        return offset + 8 + Int64(header[4..<8].value(bigEndian: bigEndian)) <= file.length
    }
}

/// Bytes laid over a file's own where a reader reads them: a 32-bit size field the header should have held.
struct HeaderCorrection: Sendable, Equatable {
    /// File offset of the first byte replaced.
    let offset: Int64
    /// The bytes read there instead.
    let bytes: [UInt8]

    /// A 32-bit size, big-endian (IFF) or little-endian (RIFF), capped at the largest such a field holds.
    init(offset: Int64, size value: Int64, bigEndian: Bool) {
        let size = UInt32(clamping: value)
        self.offset = offset
        self.bytes = (0..<4).map { UInt8(truncatingIfNeeded: size >> (bigEndian ? 24 - 8 * $0 : 8 * $0)) }
    }
}
