import AudioWavePaths
import Foundation

/// Probes and decodes audio files, to mono Float32 at an analysis rate: with libsndfile where it reads the file,
/// with FFmpeg's libraries where it does not (``DecoderLibrary``).
///
/// Decoding streams fixed-size blocks: the file is never held in memory in its own format,
/// so memory is bounded by the output (plus one block). Channels are averaged to mono, and the
/// result is resampled with libsoxr when the analysis rate differs from the file's.
public enum AudioDecoder {
    /// Highest sample rate accepted from a header, in Hz.
    public static let maximumSampleRate = 768_000
    /// Lowest sample rate accepted from a header, in Hz: below any audio format's (telephony uses 8000).
    /// It bounds the resampling ratio to the analysis rate, and so what a file's samples can grow to: an
    /// 88 KB WAV claiming 1 Hz was resampled 22 050-fold (15 GB).
    public static let minimumSampleRate = 1000
    /// Most channels accepted from a header.
    public static let maximumChannelCount = 64
    /// Most frames a file may claim per byte it holds. PCM holds at most one frame per byte; the densest codecs
    /// fall far below this bound: FLAC about 4 400 frames per byte (65 535-frame blocks of constant subframes),
    /// Ogg Opus about 1 400 (pages of 1-byte 60 ms packets). A header above it lies, and would size every buffer
    /// derived from it (a truncated Opus file claimed 2⁶³ frames and an excerpt at frame 4.6 × 10¹⁸).
    static let maximumFramesPerByte: Int64 = 1 << 16

    /// Reads a file's header: container, encoding, sample rate, channels, frames, duration.
    /// - Parameter acceptingCut: Whether a file known to be cut short when opened (a partial download: a WAV,
    ///   AIFF, AU, RF64 or W64 whose header promises more audio data than the file holds, an Ogg stream whose last
    ///   page is missing) is described rather than refused: its properties then give the frames that are there,
    ///   and a header's promise as ``AudioProperties/declaredFrameCount``. Decoding such a file hands over every
    ///   frame there is, then throws `.truncated`.
    /// - Throws: `AudioError` with `.notFound`, `.permissionDenied`, `.unreadable`, `.empty`,
    ///   `.unsupportedFormat`, `.invalidHeader` or `.truncated`.
    public static func probe(path: String, acceptingCut: Bool = false) throws(AudioError) -> AudioProperties {
        let handle = try open(path: path, acceptingCut: acceptingCut)
        return properties(of: handle, fileSize: try fileSize(path: path))
    }

    /// Decodes `path` to mono Float32.
    ///
    /// - Parameters:
    ///   - path: The file to read.
    ///   - options: Analysis rate (`nil` = native), excerpt and block size.
    ///   - nativeBlockObserver: Called with each block of interleaved samples at the native rate, on the
    ///     original channels, before downmixing (loudness is measured this way, in the same pass). The
    ///     array may be longer than the block: only the first `frames × channels` values are valid.
    ///   - isCancelled: Asked before each block; when it returns true the decoding stops with `.cancelled`.
    /// - Returns: The samples, their rate and the file's properties.
    /// - Throws: `AudioError` for every probe failure, plus `.truncated` when the data ends before the
    ///   header's frame count, `.nonFiniteSamples` on NaN or infinity (or on samples so near the float
    ///   limit that resampling overflows), `.invalidRequest` for an excerpt outside the file or a bad rate,
    ///   `.resamplingFailed`.
    public static func decodeMono(
        path: String,
        options: DecodingOptions = DecodingOptions(),
        nativeBlockObserver: ((_ interleaved: [Float], _ frames: Int, _ channels: Int) -> Void)? = nil,
        isCancelled: () -> Bool = { false }
    ) throws(AudioError) -> DecodedAudio {
        var output: [Float] = []
        let stream = try streamMono(
            path: path, options: options, nativeBlockObserver: nativeBlockObserver, isCancelled: isCancelled
        ) { block in
            output.append(contentsOf: block)
        } expectedSampleCount: { count in
            output.reserveCapacity(count)
        }
        return DecodedAudio(
            samples: output, sampleRate: stream.sampleRate, properties: stream.properties,
            startSeconds: stream.startSeconds)
    }

    /// Decodes `path` to mono Float32 block by block, handing each block to `onSamples` as it is ready,
    /// so a whole file never sits in memory: memory is one block, whatever the file's length.
    ///
    /// - Parameters:
    ///   - path: The file to read.
    ///   - options: Analysis rate (`nil` = native), excerpt and block size.
    ///   - nativeBlockObserver: As in ``decodeMono(path:options:nativeBlockObserver:)``.
    ///   - isCancelled: Asked before each block; when it returns true the decoding stops with `.cancelled`.
    ///   - onSamples: Receives consecutive mono blocks at the output rate; together they are exactly
    ///     what ``decodeMono(path:options:nativeBlockObserver:)`` returns.
    ///   - expectedSampleCount: Told once, before the first block, how many samples to make room for: the
    ///     header's length at the output rate, but never more than one frame per byte of the file. A header's
    ///     length is only a claim (an 8 KB FLAC claiming 5 × 10⁸ frames had `decodeMono` reserve 2 GB); PCM
    ///     never holds more, and a compressed file that delivers more grows the caller's array as it does.
    ///   - onSingleChannel: Told of each block (its native-rate frames) whose channels cancelled in the mono mix
    ///     and which was delivered from its loudest channel instead (a channel polarity-inverted); told as it
    ///     happens, so a decode that ends in an error has told every such block before it.
    /// - Returns: The properties, output rate, start and number of samples delivered.
    /// - Throws: As ``decodeMono(path:options:nativeBlockObserver:)``; blocks already delivered stay delivered.
    @discardableResult
    public static func streamMono(
        path: String,
        options: DecodingOptions = DecodingOptions(),
        nativeBlockObserver: ((_ interleaved: [Float], _ frames: Int, _ channels: Int) -> Void)? = nil,
        isCancelled: () -> Bool = { false },
        onSamples: ([Float]) -> Void,
        expectedSampleCount: (Int) -> Void = { _ in },
        onSingleChannel: (Int) -> Void = { _ in }
    ) throws(AudioError) -> DecodedStream {
        let handle = try open(path: path, acceptingCut: true)
        let properties = properties(of: handle, fileSize: try fileSize(path: path))
        let nativeRate = properties.sampleRate
        let outputRate = options.sampleRate ?? nativeRate
        guard outputRate > 0, outputRate <= maximumSampleRate, options.blockFrames > 0 else {
            throw AudioError(
                .invalidRequest, path: path,
                reason: "analysis rate \(outputRate) Hz and block size \(options.blockFrames) must be positive")
        }
        let span = try frameSpan(of: options.excerpt, in: properties, path: path)
        if span.start > 0 {
            if properties.isSeekable {
                try handle.seek(toFrame: span.start)
            } else {
                try skip(frames: span.start, handle: handle, blockFrames: options.blockFrames)
            }
        }

        let channels = properties.channelCount
        let resampler =
            outputRate == nativeRate ? nil : try Resampler(inputRate: nativeRate, outputRate: outputRate, path: path)
        var block = [Float](repeating: 0, count: options.blockFrames * channels)
        var mono = [Float](repeating: 0, count: options.blockFrames)
        let ratio = Double(outputRate) / Double(nativeRate)
        var chunk: [Float] = []
        chunk.reserveCapacity(Int(Double(options.blockFrames) * ratio) + 1024)
        let expected = Int((Double(span.count) * ratio).rounded())
        expectedSampleCount(min(expected, Int((Double(properties.fileSizeBytes) * ratio).rounded(.up))))
        var delivered = 0
        /// Hands `chunk` on, never past `expected` samples (the resampler's flush can overshoot by a few).
        func deliver() {
            if delivered + chunk.count > expected { chunk.removeLast(delivered + chunk.count - expected) }
            if !chunk.isEmpty { onSamples(chunk) }
            delivered += chunk.count
            chunk.removeAll(keepingCapacity: true)
        }

        var framesRead: Int64 = 0
        while framesRead < span.count {
            // Checked once per block (64k frames, under 10 ms of work), so a timeout or a cancelled task
            // frees the decoder promptly.
            if isCancelled() {
                throw AudioError(.cancelled, path: path, reason: "stopped after \(framesRead) of \(span.count) frames")
            }
            let wanted = Int(min(Int64(options.blockFrames), span.count - framesRead))
            let got = try handle.readFrames(into: &block, frameCount: wanted)
            if got == 0 { break }
            nativeBlockObserver?(block, got, channels)
            let single = try downmix(
                block, frames: got, channels: channels, into: &mono, firstFrame: span.start + framesRead, path: path)
            if single > 0 { onSingleChannel(single) }
            if let resampler {
                try resampler.process(mono, count: got, appendingTo: &chunk)
            } else {
                chunk.append(contentsOf: mono[0..<got])
            }
            deliver()
            framesRead += Int64(got)
        }
        try resampler?.flush(appendingTo: &chunk)
        deliver()

        if span.count - framesRead > handle.frameCountTolerance {
            let promised = span.start + span.count
            let reached = span.start + framesRead
            let problem = handle.readProblem.map { " (\($0))" } ?? ""
            throw AudioError(
                .truncated, path: path, reason: "header says \(promised) frames, read \(reached)\(problem)")
        }
        // A file known at open to be cut short (a WAV whose data chunk runs past the end, an Ogg stream whose last
        // page is missing): every frame there is has been handed over.
        if span.start + span.count >= properties.frameCount, let cut = handle.knownCut {
            throw AudioError(.truncated, path: path, reason: cut.reason)
        }
        return DecodedStream(
            properties: properties, sampleRate: outputRate, startSeconds: Double(span.start) / Double(nativeRate),
            sampleCount: delivered)
    }

    // MARK: - Steps

    /// Checks the path, opens it (``DecoderChoice``) and validates the header. A file known to be cut short
    /// (``DecoderHandle/knownCut``) is `.truncated` unless `acceptingCut` (and there is some audio).
    static func open(path: String, acceptingCut: Bool = false) throws(AudioError) -> any DecoderHandle {
        try checkReadable(path: path)
        let size = try fileSize(path: path)
        if size == 0 {
            throw AudioError(.empty, path: path, reason: "file is 0 bytes")
        }
        let handle = try DecoderChoice.open(path: path)
        let rate = handle.sampleRate
        let channels = handle.channelCount
        guard rate >= minimumSampleRate, rate <= maximumSampleRate else {
            throw AudioError(
                .invalidHeader, path: path,
                reason: "sample rate \(rate) Hz is outside \(minimumSampleRate)...\(maximumSampleRate)")
        }
        guard channels > 0, channels <= maximumChannelCount else {
            throw AudioError(
                .invalidHeader, path: path, reason: "\(channels) channels is outside 1...\(maximumChannelCount)")
        }
        if let cut = handle.knownCut, !acceptingCut || handle.frameCount == 0 {
            throw AudioError(.truncated, path: path, reason: cut.reason)
        }
        guard handle.frameCount > 0 else {
            throw AudioError(.empty, path: path, reason: "the file holds no audio frames")
        }
        try checkFrameCount(handle.frameCount, fileSize: size, path: path)
        return handle
    }

    /// Refuses frame counts a file cannot hold: libsndfile's "length unknown" (`SF_COUNT_MAX`, what it reports for
    /// an Ogg stream whose last page is missing) as truncated, more than ``maximumFramesPerByte`` per byte as an
    /// invalid header.
    static func checkFrameCount(_ frames: Int64, fileSize: Int64, path: String) throws(AudioError) {
        if frames == Int64.max {
            throw AudioError(
                .truncated, path: path,
                reason: "the stream's length cannot be found (its end is missing): the file is cut short or damaged")
        }
        if frames / maximumFramesPerByte > max(fileSize, 1) {
            throw AudioError(
                .invalidHeader, path: path,
                reason:
                    "header says \(frames) frames, more than its \(fileSize) bytes can hold "
                    + "(at most \(maximumFramesPerByte) frames per byte)")
        }
    }

    private static func properties(of handle: any DecoderHandle, fileSize: Int64) -> AudioProperties {
        let names = handle.formatNames
        return AudioProperties(
            format: names.container, container: names.shortName, encoding: names.encoding,
            encodingCode: names.encodingCode, sampleRate: handle.sampleRate, channelCount: handle.channelCount,
            frameCount: handle.frameCount, isSeekable: handle.isSeekable, fileSizeBytes: fileSize,
            decoder: handle.library, declaredFrameCount: handle.knownCut?.declaredFrames, headerNote: handle.headerNote)
    }

    /// Checks that `path` is a regular file the process may read. The path is taken byte for byte
    /// (`FileSystemPath`): a name that is not UTF-8 is found. A FIFO or a device is refused before it is
    /// opened (reading one could block or never end).
    private static func checkReadable(path: String) throws(AudioError) {
        let status = try status(path: path)
        switch status.kind {
        case .regular: break
        case .directory: throw AudioError(.unreadable, path: path, reason: "is a directory")
        case .other: throw AudioError(.unreadable, path: path, reason: "not a regular file")
        default: throw AudioError(.unreadable, path: path, reason: "\(status.kind.rawValue), not a regular file")
        }
        guard FileSystemPath.isReadable(path) else {
            throw AudioError(.permissionDenied, path: path, reason: "permission denied")
        }
    }

    private static func fileSize(path: String) throws(AudioError) -> Int64 {
        try status(path: path).sizeBytes
    }

    private static func status(path: String) throws(AudioError) -> FileSystemStatus {
        switch FileSystemPath.status(of: path) {
        case .success(let status): return status
        case .failure(let error):
            switch error {
            case .notFound, .notDirectory, .symbolicLinkLoop:
                throw AudioError(.notFound, path: path, reason: "no such file")
            case .accessDenied, .notPermitted:
                throw AudioError(.permissionDenied, path: path, reason: "permission denied")
            case .nameTooLong:
                throw AudioError(
                    .unreadable, path: path,
                    reason: "path is \(FileSystemPath.byteCount(path)) bytes, longer than the system allows "
                        + "(PATH_MAX \(FileSystemPath.maximumLength))")
            default: throw AudioError(.unreadable, path: path, reason: "cannot stat: \(error.message)")
            }
        }
    }

    /// The first frame and the number of frames to decode for an excerpt (or the whole file).
    private static func frameSpan(
        of excerpt: Excerpt?, in properties: AudioProperties, path: String
    ) throws(AudioError) -> (start: Int64, count: Int64) {
        guard let excerpt else { return (0, properties.frameCount) }
        let rate = Double(properties.sampleRate)
        guard excerpt.startSeconds.isFinite, excerpt.durationSeconds.isFinite,
            excerpt.startSeconds >= 0, excerpt.durationSeconds > 0
        else {
            throw AudioError(
                .invalidRequest, path: path,
                reason:
                    "excerpt start \(excerpt.startSeconds) s, duration \(excerpt.durationSeconds) s is not a valid span"
            )
        }
        let start = Int64((excerpt.startSeconds * rate).rounded())
        guard start < properties.frameCount else {
            throw AudioError(
                .invalidRequest, path: path,
                reason: "excerpt starts at \(excerpt.startSeconds) s, after the end (\(properties.durationSeconds) s)")
        }
        let count = min(Int64((excerpt.durationSeconds * rate).rounded()), properties.frameCount - start)
        return (start, max(1, count))
    }

    private static func skip(frames: Int64, handle: any DecoderHandle, blockFrames: Int) throws(AudioError) {
        var scratch = [Float](repeating: 0, count: blockFrames * handle.channelCount)
        var skipped: Int64 = 0
        while skipped < frames {
            let got = try handle.readFrames(into: &scratch, frameCount: Int(min(Int64(blockFrames), frames - skipped)))
            if got == 0 { break }
            skipped += Int64(got)
        }
    }

    /// Averages interleaved channels into `mono`, rejecting NaN and infinity. Where the channels cancel in the
    /// mean (``channelsCancel(_:frames:channels:mix:)``: one polarity-inverted, so that a stereo file would be
    /// silent), the block's loudest channel is taken instead. Returns the frames taken so (0 or `frames`).
    @discardableResult
    static func downmix(
        _ block: [Float], frames: Int, channels: Int, into mono: inout [Float], firstFrame: Int64, path: String
    ) throws(AudioError) -> Int {
        var finite = true
        if channels == 1 {
            for i in 0..<frames {
                let value = block[i]
                mono[i] = value
                finite = finite && value.isFinite
            }
        } else if channels == 2 {
            // The common case with a fixed stride the compiler vectorizes; the same sums as below (0 + a + b).
            for i in 0..<frames {
                let sum = block[2 * i] + block[2 * i + 1]
                mono[i] = sum * 0.5
                finite = finite && sum.isFinite
            }
        } else {
            let scale = 1 / Float(channels)
            for i in 0..<frames {
                var sum: Float = 0
                let base = i * channels
                for c in 0..<channels { sum += block[base + c] }
                mono[i] = sum * scale
                finite = finite && sum.isFinite
            }
        }
        if !finite {
            let offset = (0..<frames).first { !mono[$0].isFinite } ?? 0
            throw AudioError(
                .nonFiniteSamples, path: path,
                reason: "sample at frame \(firstFrame + Int64(offset)) is \(mono[offset])")
        }
        guard channels > 1, let loudest = channelsCancel(block, frames: frames, channels: channels, mix: mono) else {
            return 0
        }
        for i in 0..<frames { mono[i] = block[i * channels + loudest] }
        return frames
    }

    /// The mix keeps less than this share of the channels' mean power (−20 dB) when they cancel.
    static let cancellationPowerRatio = 0.01

    /// Frames apart at which the powers are sampled: every 8th of a 65 536-frame block is plenty for a power
    /// ratio, at an eighth of the cost.
    static let cancellationStride = 8

    /// The loudest channel of a block whose mono `mix` holds under ``cancellationPowerRatio`` of the channels'
    /// mean power, or nil: a channel wired or recorded with its polarity inverted (left = −right) mixes to
    /// nothing, and the file would be analysed as silence while it plays at full loudness. A block of digital
    /// silence (the channels' mean power under −100 dBFS) never cancels.
    static func channelsCancel(_ block: [Float], frames: Int, channels: Int, mix: [Float]) -> Int? {
        var mixPower = 0.0
        var channelPower = [Double](repeating: 0, count: channels)
        for i in stride(from: 0, to: frames, by: cancellationStride) {
            mixPower += Double(mix[i]) * Double(mix[i])
            for c in 0..<channels {
                let value = Double(block[i * channels + c])
                channelPower[c] += value * value
            }
        }
        let meanChannelPower = channelPower.reduce(0, +) / Double(channels)
        let sampled = Double((frames + cancellationStride - 1) / cancellationStride)
        guard sampled > 0, meanChannelPower / sampled > 1e-10, mixPower < cancellationPowerRatio * meanChannelPower
        else { return nil }
        return channelPower.indices.max { channelPower[$0] < channelPower[$1] }
    }
}
