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

    /// Bytes read at a time while walking.
    static let chunkLength = 256 * 1024
    /// How far past a damaged stretch the walk looks for the stream again.
    static let resyncWindow = 8 * 1024

    /// The frames of the MPEG audio stream in `file`; nil when the file does not start like MPEG audio, holds no
    /// two agreeing frames, or its first frame is a Xing, Info or VBRI header (the length it states is exact, so
    /// nothing needs counting).
    static func count(_ file: BufferedFile) -> Count? {
        let head = file.leadingBytes(10)
        guard OpenFailure.startsLikeMPEGAudio(head) else { return nil }
        var reader = ChunkReader(file: file)
        let tagEnd = MPEGFrameScan.id3v2Length(head) ?? 0
        guard let first = reader.firstFrame(from: tagEnd, within: MPEGFrameScan.searchWindow) else { return nil }
        if reader.holdsLengthHeader(first.offset, length: first.header.length) { return nil }
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

        /// `count` bytes from `offset` (fewer at the end of the file).
        mutating func slice(at offset: Int64, count: Int) -> ArraySlice<UInt8> {
            if offset < start || offset + Int64(count) > start + Int64(bytes.count) {
                start = offset
                bytes = file.bytes(at: offset, count: max(count, MPEGStreamLength.chunkLength))
            }
            let from = Int(offset - start)
            return bytes[from..<min(bytes.count, from + count)]
        }

        mutating func header(at offset: Int64) -> MPEGFrameScan.FrameHeader? {
            MPEGFrameScan.FrameHeader(Array(slice(at: offset, count: 4)), at: 0)
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

        /// Whether the frame at `offset` is a Xing, Info or VBRI header (the tag sits after the side information,
        /// within the frame's first 40 bytes).
        mutating func holdsLengthHeader(_ offset: Int64, length: Int) -> Bool {
            let frame = Array(slice(at: offset, count: min(length, 64)))
            for tag in ["Xing", "Info", "VBRI"] {
                let pattern = Array(tag.utf8)
                if frame.count >= pattern.count,
                    (0...(frame.count - pattern.count)).contains(where: {
                        frame[$0..<($0 + pattern.count)].elementsEqual(pattern)
                    })
                {
                    return true
                }
            }
            return false
        }
    }
}
