/// A WAV file whose header never got its sizes: a recorder or a capture program writes the header first with a
/// data size of 0 and fills it in when it finishes, so a recording that crashed, was killed or is still being
/// written keeps 0 there with all its audio after it. libsndfile believes the 0 and finds no frames; FFmpeg reads
/// such a data chunk to the end of the file.
enum UnwrittenWAVSize {
    /// Whether `file` is a RIFF WAVE file whose data chunk declares 0 bytes while bytes follow it.
    static func holdsAudioAfterEmptyDataChunk(_ file: BufferedFile) -> Bool {
        let header = file.bytes(at: 0, count: 12)
        guard header.count == 12, header[0..<4].elementsEqual("RIFF".utf8), header[8..<12].elementsEqual("WAVE".utf8)
        else { return false }
        var offset: Int64 = 12
        for _ in 0..<64 {
            let chunk = file.bytes(at: offset, count: 8)
            guard chunk.count == 8 else { return false }
            let size = Int64(chunk[4..<8].littleEndianValue)
            if chunk[0..<4].elementsEqual("data".utf8) {
                guard size == 0, file.length > offset + 8 else { return false }
                return !startsChunk(file, at: offset + 8)
            }
            offset += 8 + size + (size & 1)
        }
        return false
    }

    /// Whether a RIFF chunk starts at `offset` (four printable ASCII characters and a size that fits in the file):
    /// an empty data chunk followed by, say, a LIST chunk is an empty recording, not audio to read to the end.
    private static func startsChunk(_ file: BufferedFile, at offset: Int64) -> Bool {
        let header = file.bytes(at: offset, count: 8)
        guard header.count == 8, header[0..<4].allSatisfy({ (0x20...0x7E).contains($0) }) else { return false }
        return offset + 8 + Int64(header[4..<8].littleEndianValue) <= file.length
    }
}
