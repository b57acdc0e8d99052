/// A strict look for MPEG audio frames at the start of a file that begins as an MP3 does, before libsndfile
/// hands it to libmpg123.
///
/// libmpg123 writes its complaints about a stream it cannot parse ("Illegal Audio-MPEG-Header …", "Cannot read
/// next header, a one-frame stream? Duh...") straight to the process's standard error, and libsndfile gives no
/// way to set its `MPG123_QUIET` flag. A file that starts like MPEG audio (an ID3v2 tag or a frame sync) but
/// holds no two consecutive frames that agree is therefore not given to libsndfile at all: FFmpeg (whose
/// logging is silenced) gets it, and when FFmpeg cannot read it either the verdict is this scan's `.truncated`.
/// A real MP3 passes: its first frame follows the tag (at most ``searchWindow`` bytes of padding later) and the
/// next frame starts where the first one's header says it ends (ISO/IEC 11172-3 §2.4.2.3, 13818-3 §2.4.2.3).
enum MPEGFrameScan {
    /// Bytes after the ID3v2 tag searched for the first frame header.
    static let searchWindow = 64 * 1024

    /// The refusal for a file that starts like MPEG audio but whose first frames do not hold together; nil when
    /// the file does not start like MPEG audio or its first two frames are sound.
    /// - Throws: `.unreadable` when the file cannot be opened.
    static func refusal(path: String) throws(AudioError) -> AudioError? {
        let file = try BufferedFile(path: path)
        let head = file.leadingBytes(10)
        guard OpenFailure.startsLikeMPEGAudio(head) else { return nil }
        let start = id3v2Length(head) ?? 0
        let window = file.bytes(at: start, count: searchWindow + 8 * 1024)
        if hasTwoFrames(window, firstWithin: searchWindow) { return nil }
        return AudioError(
            .truncated, path: path,
            reason: "MPEG audio whose \(file.length) bytes hold no complete frame: the file is cut short or damaged")
    }

    /// The length of an ID3v2 tag from its 10-byte header (synchsafe size, plus the footer when flagged); nil
    /// when the bytes are not an ID3v2 header.
    static func id3v2Length(_ header: [UInt8]) -> Int64? {
        guard header.count >= 10, header[0] == UInt8(ascii: "I"), header[1] == UInt8(ascii: "D"),
            header[2] == UInt8(ascii: "3"), header[6...9].allSatisfy({ $0 < 0x80 })
        else { return nil }
        let size = header[6...9].reduce(Int64(0)) { $0 << 7 | Int64($1) }
        let footer: Int64 = header[5] & 0x10 != 0 ? 10 : 0
        return 10 + size + footer
    }

    /// Whether `bytes` hold a frame header within their first `limit` bytes that is followed, where its length
    /// says, by a second header of the same version, layer and sample rate.
    static func hasTwoFrames(_ bytes: [UInt8], firstWithin limit: Int) -> Bool {
        var offset = 0
        while offset + 4 <= min(bytes.count, limit + 4) {
            if let first = FrameHeader(bytes, at: offset) {
                let next = offset + first.length
                if let second = FrameHeader(bytes, at: next), second.agrees(with: first) { return true }
            }
            offset += 1
        }
        return false
    }

    /// The fields of a 4-byte MPEG audio frame header that fix the frame's length.
    struct FrameHeader: Equatable {
        /// 3 = MPEG-1, 2 = MPEG-2, 0 = MPEG-2.5.
        let version: Int
        /// 1 = Layer III, 2 = Layer II, 3 = Layer I (the header's own coding).
        let layer: Int
        let sampleRate: Int
        /// Bytes from this header to the next.
        let length: Int

        /// Bitrates in kbit/s by bitrate index 1...14: MPEG-1 Layer I, II, III, then MPEG-2/2.5 Layer I and
        /// Layer II/III (ISO/IEC 11172-3 Table 2.4.2.3, 13818-3 Table 2.4.2.3).
        private static let bitrates: [[Int]] = [
            [32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448],
            [32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384],
            [32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
            [32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256],
            [8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
        ]

        /// The header at `offset`, nil when there is none (no sync, a reserved or free-format field).
        init?(_ bytes: [UInt8], at offset: Int) {
            guard offset >= 0, offset + 4 <= bytes.count, bytes[offset] == 0xFF, bytes[offset + 1] & 0xE0 == 0xE0
            else { return nil }
            let b1 = Int(bytes[offset + 1])
            let b2 = Int(bytes[offset + 2])
            let b3 = Int(bytes[offset + 3])
            let version = (b1 >> 3) & 3
            let layer = (b1 >> 1) & 3
            let bitrateIndex = b2 >> 4
            let rateIndex = (b2 >> 2) & 3
            guard version != 1, layer != 0, bitrateIndex != 0, bitrateIndex != 15, rateIndex != 3, b3 & 3 != 2
            else { return nil }
            let baseRates = [44100, 48000, 32000]
            let sampleRate = baseRates[rateIndex] / (version == 3 ? 1 : version == 2 ? 2 : 4)
            let table = version == 3 ? 3 - layer : (layer == 3 ? 3 : 4)
            let bitrate = Self.bitrates[table][bitrateIndex - 1] * 1000
            let padding = (b2 >> 1) & 1
            let length: Int
            switch layer {
            case 3: length = (12 * bitrate / sampleRate + padding) * 4
            case 1 where version != 3: length = 72 * bitrate / sampleRate + padding
            default: length = 144 * bitrate / sampleRate + padding
            }
            self.version = version
            self.layer = layer
            self.sampleRate = sampleRate
            self.length = length
        }

        /// Whether a following header belongs to the same stream.
        func agrees(with other: FrameHeader) -> Bool {
            version == other.version && layer == other.layer && sampleRate == other.sampleRate
        }
    }
}
