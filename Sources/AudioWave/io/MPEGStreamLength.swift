/// The length of an MPEG audio stream, counted by walking its frames.
///
/// libsndfile (through libmpg123) takes an MP3's length from its Xing, Info or VBRI header, and without one
/// estimates it from the file size and the first frame's bit rate. That is close for a constant bit rate (0.23%
/// long on a 180-s file) but wrong for a variable one: a 30-s VBR file written without the header was said to
/// hold 8 s, and libsndfile stops reading where its estimate ends, so three quarters of the music went unheard
/// with nothing said. Walking the frame headers (each gives the next one's offset, ISO/IEC 11172-3 §2.4.2.3,
/// 13818-3 §2.4.2.3) counts the frames exactly, without decoding any.
enum MPEGStreamLength {
    /// What the walk found.
    struct Count: Equatable {
        /// Frames whose header agrees with the first one's version, layer and sample rate.
        var frames: Int
        /// Decoded samples per channel those frames hold (no encoder delay removed: without a LAME header
        /// nothing says how much there is).
        var samples: Int64
    }

    /// What a Xing, Info (LAME) or VBRI header in the first frame states about the stream.
    struct LengthHeader: Equatable {
        /// Where the header's frame starts: the stream's first byte.
        var offset: Int64
        /// The frames and the bytes the header counts, when it gives them.
        var frames: Int64?
        var bytes: Int64?
    }

    /// Bytes read at a time while walking.
    static let chunkLength = 256 * 1024
    /// How far past a damaged stretch the walk looks for the stream again.
    static let resyncWindow = 8 * 1024

    /// The frames of the MPEG audio stream in `file`; nil when the file does not start like MPEG audio, holds no
    /// two agreeing frames, or its first frame is a Xing, Info or VBRI header (the length it states is exact, so
    /// nothing needs counting).
    static func count(_ file: BufferedFile) -> Count? {
        guard let start = start(of: file) else { return nil }
        var reader = start.reader
        let first = start.first
        guard lengthHeader(reader: &reader, first: first) == nil else {
            return nil
        }
        var frames = 0
        var offset = first.offset
        while offset < file.length {
            if let header = reader.header(at: offset), header.agrees(with: first.header) {
                frames += 1
                offset += Int64(header.length)
            } else if let next = reader.firstFrame(from: offset + 1, within: resyncWindow, agreeingWith: first.header) {
                offset = next.offset  // damaged bytes (or a tag) between frames: the stream goes on after them
            } else {
                break  // the end: an ID3v1 or APE tag, or bytes that are not audio
            }
        }
        return Count(frames: frames, samples: Int64(frames) * Int64(samplesPerFrame(first.header)))
    }

    /// The Xing, Info or VBRI header at the start of the stream in `file`; nil when the file does not start like
    /// MPEG audio or its first frame holds none. Xing and Info: the tag, 4 bytes of flags (bit 0: a frame count
    /// follows, bit 1: a byte count), then the counts, big-endian; VBRI: the tag 36 bytes into the frame, version,
    /// delay and quality (2 bytes each), then the byte and frame counts.
    static func lengthHeader(_ file: BufferedFile) -> LengthHeader? {
        guard let start = start(of: file) else { return nil }
        var reader = start.reader
        return lengthHeader(reader: &reader, first: start.first)
    }

    /// A reader of `file` and the stream's first frame: a header after the ID3v2 tag (within
    /// ``MPEGFrameScan/searchWindow``) followed by one that agrees; nil when the file does not start like MPEG audio
    /// or holds no such pair.
    private static func start(
        of file: BufferedFile
    ) -> (reader: ChunkReader, first: (offset: Int64, header: MPEGFrameScan.FrameHeader))? {
        let head = file.leadingBytes(10)
        guard OpenFailure.startsLikeMPEGAudio(head) else { return nil }
        var reader = ChunkReader(file: file)
        let tagEnd = MPEGFrameScan.id3v2Length(head) ?? 0
        guard let first = reader.firstFrame(from: tagEnd, within: MPEGFrameScan.searchWindow) else { return nil }
        return (reader, first)
    }

    private static func lengthHeader(
        reader: inout ChunkReader, first: (offset: Int64, header: MPEGFrameScan.FrameHeader)
    ) -> LengthHeader? {
        let frame = Array(reader.slice(at: first.offset, count: min(first.header.length, 64)))
        func bigEndian(_ at: Int) -> Int64? {
            guard at >= 0, at + 4 <= frame.count else { return nil }
            return Int64(frame[at..<(at + 4)].bigEndianValue)
        }
        for tag in ["Xing", "Info"] {
            guard let at = Self.find(Array(tag.utf8), in: frame), let flags = bigEndian(at + 4) else { continue }
            let frames = flags & 1 != 0 ? bigEndian(at + 8) : nil
            let bytes = flags & 2 != 0 ? bigEndian(at + (flags & 1 != 0 ? 12 : 8)) : nil
            return LengthHeader(offset: first.offset, frames: frames, bytes: bytes)
        }
        if let at = Self.find(Array("VBRI".utf8), in: frame), at == 36 {
            return LengthHeader(offset: first.offset, frames: bigEndian(at + 14), bytes: bigEndian(at + 10))
        }
        return nil
    }

    /// Whether the header's byte count is off by more than 0.5% from the bytes the stream spans in `file` (to the
    /// end, less an ID3v1 tag there): a file cut short, several MP3s joined (`cat`), or a large tag after the audio.
    /// libmpg123 counts the same way (an ID3v1 tag aside, an APEv2 tag counts as stream: measured with a 20 KB one)
    /// and at more than 1% prints "Xing stream size off by more than 1%" on standard error, which no flag of
    /// libsndfile's silences; on a joined file it stops where the first part's header ends.
    static func headerDisagreesWithSize(_ header: LengthHeader, file: BufferedFile) -> Bool {
        guard let stated = header.bytes, stated > 0 else { return false }
        let spanned = streamBytes(after: header, in: file)
        return abs(Double(spanned - stated)) > 0.005 * Double(max(stated, 1))
    }

    /// The bytes from the header's frame to the end of `file`, less an ID3v1 tag there: the stream's size as
    /// libmpg123 counts it.
    static func streamBytes(after header: LengthHeader, in file: BufferedFile) -> Int64 {
        var end = file.length
        if end >= 128, file.bytes(at: end - 128, count: 3) == Array("TAG".utf8) { end -= 128 }
        return end - header.offset
    }

    private static func find(_ pattern: [UInt8], in bytes: [UInt8]) -> Int? {
        guard bytes.count >= pattern.count else { return nil }
        return (0...(bytes.count - pattern.count)).first { bytes[$0..<($0 + pattern.count)].elementsEqual(pattern) }
    }

    /// Samples per channel in one frame: 384 for Layer I, 1152 for Layer II and MPEG-1 Layer III, 576 for
    /// MPEG-2/2.5 Layer III.
    static func samplesPerFrame(_ header: MPEGFrameScan.FrameHeader) -> Int {
        switch header.layer {
        case 3: 384
        case 2: 1152
        default: header.version == 3 ? 1152 : 576
        }
    }

    /// The file read a chunk at a time, so that walking thousands of frames costs a few reads.
    private struct ChunkReader {
        let file: BufferedFile
        var start: Int64 = 0
        var bytes: [UInt8] = []

        init(file: BufferedFile) { self.file = file }

        /// Makes the chunk hold `count` bytes from `offset` (fewer at the end of the file) and returns where they
        /// start in it.
        private mutating func load(_ offset: Int64, count: Int) -> Int {
            if offset < start || offset + Int64(count) > start + Int64(bytes.count) {
                start = offset
                bytes = file.bytes(at: offset, count: max(count, MPEGStreamLength.chunkLength))
            }
            return Int(offset - start)
        }

        /// `count` bytes from `offset` (fewer at the end of the file).
        mutating func slice(at offset: Int64, count: Int) -> ArraySlice<UInt8> {
            let from = load(offset, count: count)
            return bytes[from..<min(bytes.count, from + count)]
        }

        /// The frame header at `offset`, read in place in the chunk (one per frame of the walk: no copy).
        mutating func header(at offset: Int64) -> MPEGFrameScan.FrameHeader? {
            let at = load(offset, count: 4)  // before `bytes` is read: loading may replace the chunk
            return MPEGFrameScan.FrameHeader(bytes, at: at)
        }

        /// The first header at or after `offset`, within `window` bytes, followed where its length says by a header
        /// that agrees with it (and with `reference` when given).
        mutating func firstFrame(
            from offset: Int64, within window: Int, agreeingWith reference: MPEGFrameScan.FrameHeader? = nil
        ) -> (offset: Int64, header: MPEGFrameScan.FrameHeader)? {
            var position = offset
            while position <= offset + Int64(window), position + 4 <= file.length {
                if let header = header(at: position), reference.map({ header.agrees(with: $0) }) ?? true,
                    let next = self.header(at: position + Int64(header.length)), next.agrees(with: header)
                {
                    return (position, header)
                }
                position += 1
            }
            return nil
        }
    }
}
