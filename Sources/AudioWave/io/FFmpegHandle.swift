import Foundation

/// A file decoded by FFmpeg, as a ``DecoderHandle``: interleaved Float32 frames at the stream's own rate and
/// channel count, delivered in whatever block sizes are asked for, and seeking to an exact frame.
///
/// Memory is bounded: one decoded frame waits in ``pending`` (a codec frame: 1024 samples per channel for AAC,
/// up to a second or two for WavPack); the file is never held. The facts come from the first decoded frames, not only
/// from the header (HE-AAC doubles the rate a header may say, parametric stereo turns mono into stereo).
///
/// The length is the container's claim. When FFmpeg only estimates it from the bit rate (raw AAC, AC-3, MP3
/// without a Xing header) or has none, the packets' durations are summed instead, or, lacking those, the frames
/// decoded: one extra pass over the file at open, never a guess that truncates or pads the audio.
///
/// Seeking is exact where timestamps are: in the containers of ``exactDemuxers`` whose time base resolves every
/// sample (MP4/M4A, Ogg, Matroska with a fine timestamp scale, FLAC, WavPack, APE, TTA, CAF), the decoder starts a
/// little before the target (the codec's overlap and pre-roll settle) and drops the frames before it, placed by their
/// timestamps on the timeline of the first decoded frames. Elsewhere (`isSeekable` false) ``AudioDecoder`` reads its
/// way to an excerpt; were a seek to land late, the decode restarts from the beginning and drops its way there.
final class FFmpegHandle: DecoderHandle {
    let path: String
    var library: DecoderLibrary { .ffmpeg }
    let formatNames: (container: String, encoding: String, shortName: String, encodingCode: String)
    let sampleRate: Int
    let channelCount: Int
    let frameCount: Int64
    let isSeekable: Bool
    let frameCountTolerance: Int64
    /// Set by ``DecoderChoice`` for a stream libsndfile found cut (an Ogg stream whose last page is missing).
    var knownCut: KnownCut?
    var headerNote: String?
    var readProblem: String? { session.readProblem.map { "FFmpeg: " + $0 } }

    /// Demuxers whose timestamps place every packet exactly (FFmpeg's names).
    static let exactDemuxers: Set<String> = [
        "mov,mp4,m4a,3gp,3g2,mj2", "matroska,webm", "ogg", "flac", "wv", "ape", "tta", "caf", "w64", "wav", "aiff",
    ]

    private var session: FFmpegSession
    private let extensionHint: String
    /// Decoded samples not yet read, interleaved, from `pendingStart`.
    private var pending: [Float] = []
    private var pendingStart = 0
    /// Frames still to drop before a read delivers any (the way to a seek target).
    private var framesToDrop: Int64 = 0
    /// Where frame 0 of the output sits on the stream's timeline, in frames; nil when the timestamps are unknown.
    private let origin: Int64?
    private let timeBase: (numerator: Int, denominator: Int)
    private let codecFrameSize: Int

    /// Opens `path` with FFmpeg and decodes its first frames.
    /// - Throws: `AudioError` `.unreadable` (cannot open), `.unsupportedFormat` (FFmpeg does not recognise it, or
    ///   finds no audio it decodes), `.truncated` (an MP4 whose boxes run past its end; a claimed length but no
    ///   frame), `.empty` (an audio stream without frames), `.invalidHeader` (absurd decoded facts).
    /// - Parameter chain: The pages of a chained Ogg file, whose later links' timestamps FFmpeg reads at the first
    ///   link's rate: the length is then the links' granule positions at the first frame's rate
    ///   (``OggPages/frames(atRate:)``), or, when the pages do not give it (a codec whose granules are not read
    ///   there), the frames of one whole decode.
    init(path: String, chain: OggPages? = nil) throws(AudioError) {
        let hint = Self.extensionHint(of: path)
        let file = try BufferedFile(path: path)
        let session: FFmpegSession
        do {
            session = try FFmpegSession(file: file, path: path, extensionHint: hint)
        } catch {
            throw FFmpegOpenFailure.error(refining: error, file: file)
        }
        var pending: [Float] = []
        guard let first = try session.decodeFrame(appendingTo: &pending, path: path) else {
            let claim = session.claimedDuration
            if let claim, claim.seconds > 0 {
                throw AudioError(
                    .truncated, path: path,
                    reason: String(
                        format: "FFmpeg decodes no audio frame, though the container claims %.3f s: the file is "
                            + "cut short or damaged", claim.seconds))
            }
            throw AudioError(.empty, path: path, reason: "FFmpeg finds an audio stream but no frame in it")
        }
        let second = try session.decodeFrame(appendingTo: &pending, path: path)
        let rate = session.outputRate
        let demuxer = session.demuxer
        let codec = session.codecNames
        self.path = path
        self.extensionHint = hint
        self.session = session
        self.pending = pending
        self.sampleRate = rate
        self.channelCount = session.outputChannels
        self.timeBase = session.timeBase
        self.codecFrameSize = session.codecFrameSize
        self.formatNames = (demuxer.longName, codec.longName, Self.shortName(ofDemuxer: demuxer.name), codec.name)
        self.frameCountTolerance = max(2 * Int64(session.codecFrameSize), Int64(rate / 10))

        let toFrames = { (timestamp: Int64) in
            Self.frames(ofTimestamp: timestamp, timeBase: session.timeBase, rate: rate)
        }
        if let next = second?.timestamp {
            origin = toFrames(next) - Int64(first.frames)
        } else {
            origin = first.timestamp.map(toFrames)
        }
        let isCounted: Bool
        if let chain {
            if let frames = chain.frames(atRate: rate) {
                frameCount = frames
            } else {
                frameCount = try Self.countFrames(path: path, extensionHint: hint, rate: rate, decoding: true)
            }
            isCounted = true
        } else if let claim = session.claimedDuration, !claim.isEstimate {
            frameCount = Int64((claim.seconds * Double(rate)).rounded())
            isCounted = false
        } else {
            frameCount = try Self.countFrames(path: path, extensionHint: hint, rate: rate, decoding: false)
            isCounted = true
        }
        let timeBaseResolvesFrames = session.timeBase.numerator * rate <= session.timeBase.denominator
        isSeekable =
            origin != nil && !isCounted && timeBaseResolvesFrames && Self.exactDemuxers.contains(demuxer.name)
    }

    func readFrames(into buffer: inout [Float], frameCount: Int) throws(AudioError) -> Int {
        let channels = channelCount
        let wanted = min(frameCount, buffer.count / channels)
        var filled = 0
        while filled < wanted {
            if pendingStart >= pending.count {
                pending.removeAll(keepingCapacity: true)
                pendingStart = 0
                guard try session.decodeFrame(appendingTo: &pending, path: path) != nil else { break }
                continue
            }
            let available = (pending.count - pendingStart) / channels
            if framesToDrop > 0 {
                let dropped = Int(min(framesToDrop, Int64(available)))
                pendingStart += dropped * channels
                framesToDrop -= Int64(dropped)
                continue
            }
            let count = min(wanted - filled, available)
            buffer[(filled * channels)..<((filled + count) * channels)] =
                pending[pendingStart..<(pendingStart + count * channels)]
            pendingStart += count * channels
            filled += count
        }
        return filled
    }

    func seek(toFrame target: Int64) throws(AudioError) {
        pending.removeAll(keepingCapacity: true)
        pendingStart = 0
        framesToDrop = 0
        // The codec's overlap and pre-roll (AAC's 1024-sample window, Opus's 80 ms) settle before the target. A target
        // closer to the start than that is read from the start, the way a full decode reads it (with the encoder's
        // priming, which a seek to the first packet would skip).
        var margin = max(Int64(sampleRate / 5), 2 * Int64(codecFrameSize))
        var attempts = 0
        while isSeekable, let origin, target > margin, attempts < 3 {
            if session.seek(toTimestamp: timestamp(ofFrame: target - margin + origin)),
                let position = try firstPlacedFrame(), position <= target
            {
                framesToDrop = target - position
                return
            }
            // Landed after the target (or nowhere): further back.
            pending.removeAll(keepingCapacity: true)
            pendingStart = 0
            margin *= 4
            attempts += 1
        }
        // From the beginning, dropping every frame before the target: exact whatever the timestamps.
        let file = try BufferedFile(path: path)
        session = try FFmpegSession(file: file, path: path, extensionHint: extensionHint)
        framesToDrop = target
    }

    /// Decodes after a seek until a frame carries a timestamp, dropping those before it; returns the frame's place
    /// on the output's timeline (its samples wait in ``pending``), nil at the end of the stream.
    private func firstPlacedFrame() throws(AudioError) -> Int64? {
        while true {
            pending.removeAll(keepingCapacity: true)
            guard let decoded = try session.decodeFrame(appendingTo: &pending, path: path) else { return nil }
            if let timestamp = decoded.timestamp, let origin {
                return Self.frames(ofTimestamp: timestamp, timeBase: timeBase, rate: sampleRate) - origin
            }
        }
    }

    /// The timestamp, in the stream's time base, at or before frame `frame` of the stream's timeline.
    private func timestamp(ofFrame frame: Int64) -> Int64 {
        let seconds = Double(frame) / Double(sampleRate)
        return Int64((seconds * Double(timeBase.denominator) / Double(timeBase.numerator)).rounded(.down))
    }

    /// A timestamp in `timeBase` as frames at `rate`.
    private static func frames(
        ofTimestamp timestamp: Int64, timeBase: (numerator: Int, denominator: Int), rate: Int
    )
        -> Int64
    {
        Int64((Double(timestamp) * Double(timeBase.numerator) * Double(rate) / Double(timeBase.denominator)).rounded())
    }

    /// The stream's length in frames when the container has none (or only a bit-rate estimate): the packets'
    /// durations summed, or the frames decoded when packets carry none or `decoding` asks for them.
    private static func countFrames(
        path: String, extensionHint: String, rate: Int, decoding: Bool
    ) throws(AudioError) -> Int64 {
        if !decoding {
            let counter = try FFmpegSession(
                file: try BufferedFile(path: path), path: path, extensionHint: extensionHint)
            if let seconds = counter.packetDurationSeconds() { return Int64((seconds * Double(rate)).rounded()) }
        }
        let decoder = try FFmpegSession(file: try BufferedFile(path: path), path: path, extensionHint: extensionHint)
        var scratch: [Float] = []
        var frames: Int64 = 0
        while let decoded = try decoder.decodeFrame(appendingTo: &scratch, path: path) {
            frames += Int64(decoded.frames)
            scratch.removeAll(keepingCapacity: true)
        }
        return frames
    }

    /// The file's extension, lowercased, when it is a plain one (letters and digits): FFmpeg's probe weighs it.
    private static func extensionHint(of path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
        let hint = name[name.index(after: dot)...].lowercased()
        return hint.count <= 8 && hint.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) ? hint : ""
    }

    /// A short container name for reports: `mp4` for FFmpeg's MOV family, `matroska` for Matroska and WebM, the
    /// demuxer's own name otherwise (`ogg`, `asf`, `wv`, `ac3`, …).
    static func shortName(ofDemuxer name: String) -> String {
        switch name {
        case "mov,mp4,m4a,3gp,3g2,mj2": return "mp4"
        case "matroska,webm": return "matroska"
        default: return name.split(separator: ",").first.map(String.init) ?? "unknown"
        }
    }
}
