/// Turns libsndfile's refusal to open a file into an ``AudioError`` that says what is wrong with the file.
///
/// libsndfile's own message is often misleading: a WAV whose header says 0 Hz gets "Internal error : SF_INFO
/// struct incomplete.", and an MP3 cut after 100 bytes (or any file named `.mp3` that holds no MPEG frame)
/// gets "File does not exist or is not a regular file (possibly a pipe?)." although the file exists and is
/// regular (checked before opening). The header log libsndfile wrote while parsing (`SFC_GET_LOG_INFO` on a
/// failed open) and the file's first bytes tell the real reason; libsndfile's message is kept for the rest.
enum OpenFailure {
    /// libsndfile's messages for "could not read the file", which after our own existence check mean that
    /// its decoder found nothing it could decode (`SFE_BAD_FILE`, `SFE_BAD_FILE_READ`).
    private static let nothingDecodedMessages = ["File does not exist", "File exists but no data could be read"]

    /// The error for a file libsndfile would not open.
    /// - Parameters:
    ///   - path: The file, for the error.
    ///   - message: `sf_strerror` of the failed open.
    ///   - log: libsndfile's header log of the failed open.
    ///   - length: The file's size in bytes.
    ///   - leadingBytes: Its first bytes (a few suffice).
    static func error(
        path: String, message: String, log: String, length: Int64, leadingBytes: [UInt8]
    ) -> AudioError {
        if let rate = headerValue(named: "sample rate", in: log), rate < AudioDecoder.minimumSampleRate {
            return AudioError(
                .invalidHeader, path: path,
                reason:
                    "sample rate \(rate) Hz is outside \(AudioDecoder.minimumSampleRate)...\(AudioDecoder.maximumSampleRate)"
            )
        }
        if let channels = headerValue(named: "channels", in: log), channels < 1 {
            return AudioError(
                .invalidHeader, path: path,
                reason: "\(channels) channels is outside 1...\(AudioDecoder.maximumChannelCount)")
        }
        guard nothingDecodedMessages.contains(where: { message.hasPrefix($0) }) else {
            return AudioError(.unsupportedFormat, path: path, reason: message)
        }
        if startsLikeMPEGAudio(leadingBytes) {
            return AudioError(
                .truncated, path: path,
                reason: "MPEG audio whose \(length) bytes hold no complete frame: the file is cut short or damaged")
        }
        return AudioError(
            .unsupportedFormat, path: path,
            reason: "no audio frame could be decoded from its \(length) bytes (not audio, or damaged)")
    }

    /// The smallest integer after `name :` on any line of a libsndfile header log (case-insensitive), e.g.
    /// `  Sample Rate   : 0` or ` Channels      :   0`; nil when no line gives one.
    static func headerValue(named name: String, in log: String) -> Int? {
        var smallest: Int?
        for line in log.split(separator: "\n") {
            let text = line.lowercased().trimmingPrefix(while: { $0 == " " || $0 == "\t" })
            guard text.hasPrefix(name) else { continue }
            let rest = text.dropFirst(name.count).trimmingPrefix(while: { $0 == " " })
            guard rest.first == ":" else { continue }
            let digits = rest.dropFirst().trimmingPrefix(while: { $0 == " " }).prefix(while: {
                $0.isNumber || $0 == "-"
            })
            if let value = Int(digits) { smallest = min(smallest ?? value, value) }
        }
        return smallest
    }

    /// Whether bytes start as an MP3 does: an ID3v2 tag or an MPEG audio frame sync (11 set bits).
    static func startsLikeMPEGAudio(_ bytes: [UInt8]) -> Bool {
        if bytes.count >= 3, bytes[0] == UInt8(ascii: "I"), bytes[1] == UInt8(ascii: "D"), bytes[2] == UInt8(ascii: "3")
        {
            return true
        }
        return bytes.count >= 2 && bytes[0] == 0xFF && bytes[1] & 0xE0 == 0xE0
    }
}
