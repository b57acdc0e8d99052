import CFFmpeg

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One FFmpeg decoding session over a file: the demuxer, the decoder of its best audio stream and the converter to
/// interleaved Float32. Every call into FFmpeg's libraries lives in this file; ``FFmpegHandle`` makes a
/// ``DecoderHandle`` of it.
///
/// The file is read through ``BufferedFile`` (custom I/O), never by FFmpeg's protocols: its exact bytes open (a
/// name that is not UTF-8, a name with a colon), and a playlist or reference inside a file cannot make FFmpeg open
/// another file or a URL (`io_open` refuses every nested open; only the audio demuxers of ``demuxers`` may open it).
/// FFmpeg's own logging is silenced once per process, so the command line's output stays clean. Opening and
/// closing are thread-safe in FFmpeg ≥ 4 (no lock manager); a session is used by one thread at a time.
final class FFmpegSession {
    /// The demuxers allowed to claim a file: audio containers and raw audio streams (FFmpeg's names).
    static let demuxers = [
        "mov", "mp4", "m4a", "3gp", "3g2", "matroska", "webm", "ogg", "asf", "wv", "ape", "mpc", "mpc8", "tta",
        "aac", "loas", "ac3", "eac3", "dts", "dtshd", "truehd", "mlp", "amr", "amrnb", "amrwb", "caf", "mp3", "flac",
        "wav", "w64", "aiff", "au", "tak", "dsf", "iff", "shn", "xwma", "oma", "spdif",
    ].joined(separator: ",")

    /// FFmpeg's functions, loaded when the first session opens (``CFFmpegLibrary``).
    private let ff: CFFmpegLibrary
    private let file: BufferedFile
    private var format: UnsafeMutablePointer<AVFormatContext>?
    private var io: UnsafeMutablePointer<AVIOContext>?
    private var codec: UnsafeMutablePointer<AVCodecContext>?
    private var converter: OpaquePointer?
    private var packet: UnsafeMutablePointer<AVPacket>?
    private var frame: UnsafeMutablePointer<AVFrame>?
    /// The audio stream decoded.
    private var streamIndex: Int32 = -1
    /// The stream's time base, as a fraction of a second.
    private(set) var timeBase = (numerator: 1, denominator: 1)
    /// The converter's input: sample format, rate and channel layout of the frames it was made for.
    private var converterInput: (format: Int32, rate: Int32, layout: AVChannelLayout)?
    /// The flush packet was sent: the decoder is draining.
    private var isDraining = false
    /// Packets in a row the decoder refused.
    private var failuresInRow = 0
    /// Why the packets stopped, when it was not the end of the file (FFmpeg's message).
    private(set) var readProblem: String?

    /// Output frames' rate and channel count: the first decoded frame's, kept for the whole stream (a later change
    /// is converted to them).
    private(set) var outputRate = 0
    private(set) var outputChannels = 0

    /// Most packets in a row that may fail to decode before the stream counts as corrupt (FFmpeg's own command line
    /// skips such packets; a few damaged frames in a long file must not lose it).
    static let maximumFailuresInRow = 32

    /// Opens `file` (named `path` in errors) and the decoder of its best audio stream.
    /// - Parameter extensionHint: The file's extension, which FFmpeg's probe weighs for formats without a magic
    ///   number (no path is ever handed to FFmpeg).
    /// - Throws: `AudioError` `.unsupportedFormat` (not recognised by any allowed demuxer, misdetection likely, no
    ///   audio stream, no decoder), `.unreadable` when FFmpeg cannot allocate.
    init(file: BufferedFile, path: String, extensionHint: String) throws(AudioError) {
        ff = try Self.library(path: path)
        self.file = file
        try open(path: path, extensionHint: extensionHint)
        try openDecoder(path: path)
    }

    deinit {
        ff.swr_free(&converter)
        ff.av_frame_free(&frame)
        ff.av_packet_free(&packet)
        ff.avcodec_free_context(&codec)
        ff.avformat_close_input(&format)  // leaves a custom AVIOContext to its owner
        if let io {
            withUnsafeMutablePointer(to: &io.pointee.buffer) { ff.av_freep($0) }
        }
        ff.avio_context_free(&io)
        if var layout = converterInput?.layout { ff.av_channel_layout_uninit(&layout) }
    }

    private func open(path: String, extensionHint: String) throws(AudioError) {
        let bufferSize: Int32 = 64 * 1024
        guard let buffer = ff.av_malloc(Int(bufferSize)) else {
            throw AudioError(.unreadable, path: path, reason: "FFmpeg could not allocate its I/O buffer")
        }
        guard
            let io = ff.avio_alloc_context(
                buffer.assumingMemoryBound(to: UInt8.self), bufferSize, 0, Unmanaged.passUnretained(file).toOpaque(),
                Self.readPacket, nil, Self.seek)
        else {
            ff.av_free(buffer)
            throw AudioError(.unreadable, path: path, reason: "FFmpeg could not allocate its I/O context")
        }
        self.io = io
        // The probe first, to know how sure it is: below AVPROBE_SCORE_RETRY (25 of 100) it only guessed, from the
        // extension or from one MPEG frame header in random bytes. An MP3 behind 3 KB of zeros, which libsndfile
        // refuses, scores 25.
        let name = "input" + (extensionHint.isEmpty ? "" : "." + extensionHint)
        var input: UnsafePointer<AVInputFormat>?
        let score = ff.av_probe_input_buffer2(io, &input, name, nil, 0, 0)
        guard score >= 0, let input else {
            throw AudioError(.unsupportedFormat, path: path, reason: "FFmpeg: \(message(score))")
        }
        let guess = Self.shortName(of: input)
        guard score >= AVPROBE_SCORE_MAX / 4 else {
            throw AudioError(
                .unsupportedFormat, path: path,
                reason: "FFmpeg: not recognised (its best guess, \(guess), scores only \(score) of 100)")
        }
        guard let format = ff.avformat_alloc_context() else {
            throw AudioError(.unreadable, path: path, reason: "FFmpeg could not allocate a format context")
        }
        format.pointee.pb = io
        format.pointee.format_whitelist = ff.av_strdup(Self.demuxers)
        format.pointee.io_open = { _, _, _, _, _ in cffmpeg_error_from_errno(EPERM) }
        var opened: UnsafeMutablePointer<AVFormatContext>? = format
        let status = ff.avformat_open_input(&opened, name, input, nil)
        guard status >= 0, let opened else {  // a failed open frees the context
            // The demuxer recognised the file (score 25 or more) and met its end inside the header: cut short.
            if status == cffmpeg_error_eof() {
                throw AudioError(
                    .truncated, path: path,
                    reason: "FFmpeg recognises it as \(guess) but the file ends inside its header: it is cut short")
            }
            // EINVAL: the probe named a demuxer outside `demuxers` (images, video, playlists).
            let reason =
                status == cffmpeg_error_from_errno(EINVAL)
                ? "not an audio format it reads (it looks like \(guess))" : message(status)
            throw AudioError(.unsupportedFormat, path: path, reason: "FFmpeg: \(reason)")
        }
        self.format = opened
        let found = ff.avformat_find_stream_info(opened, nil)
        guard found >= 0 else {
            throw AudioError(.unsupportedFormat, path: path, reason: "FFmpeg: \(message(found))")
        }
    }

    private func openDecoder(path: String) throws(AudioError) {
        guard let format else { return }
        var decoder: UnsafePointer<AVCodec>?
        let index = ff.av_find_best_stream(format, AVMEDIA_TYPE_AUDIO, -1, -1, &decoder, 0)
        guard index >= 0, let stream = format.pointee.streams[Int(index)], let parameters = stream.pointee.codecpar
        else {
            throw AudioError(
                .unsupportedFormat, path: path,
                reason: "FFmpeg finds no audio stream it can decode in this \(Self.demuxerName(format)) file "
                    + "(\(message(index)))")
        }
        guard let decoder else {
            throw AudioError(
                .unsupportedFormat, path: path,
                reason:
                    "FFmpeg has no decoder for its \(codecName(parameters.pointee.codec_id)) audio"
            )
        }
        for other in 0..<Int(format.pointee.nb_streams) where other != Int(index) {
            format.pointee.streams[other]?.pointee.discard = AVDISCARD_ALL
        }
        streamIndex = index
        timeBase = (Int(stream.pointee.time_base.num), Int(stream.pointee.time_base.den))
        guard let codec = ff.avcodec_alloc_context3(decoder), let packet = ff.av_packet_alloc(),
            let frame = ff.av_frame_alloc()
        else {
            throw AudioError(.unreadable, path: path, reason: "FFmpeg could not allocate a decoder")
        }
        self.codec = codec
        self.packet = packet
        self.frame = frame
        var status = ff.avcodec_parameters_to_context(codec, parameters)
        codec.pointee.thread_count = 1  // parallelism comes from files in flight, not from inside one decoder
        codec.pointee.pkt_timebase = stream.pointee.time_base
        if status >= 0 { status = ff.avcodec_open2(codec, decoder, nil) }
        guard status >= 0 else {
            throw AudioError(
                .unsupportedFormat, path: path,
                reason:
                    "FFmpeg cannot open its \(String(cString: decoder.pointee.name)) decoder: \(message(status))")
        }
    }

    // MARK: - Facts

    /// FFmpeg's short name of the demuxer (`mov,mp4,m4a,3gp,3g2,mj2`, `matroska,webm`, `ogg`, …) and its long name.
    var demuxer: (name: String, longName: String) {
        guard let format, let input = format.pointee.iformat else { return ("", "") }
        let name = input.pointee.name.map { String(cString: $0) } ?? ""
        return (name, input.pointee.long_name.map { String(cString: $0) } ?? name)
    }

    /// The codec's short and long names (`aac`, `AAC (Advanced Audio Coding)`).
    var codecNames: (name: String, longName: String) {
        guard let codec, let decoder = codec.pointee.codec else { return ("", "") }
        let name = codecName(codec.pointee.codec_id)
        return (name, decoder.pointee.long_name.map { String(cString: $0) } ?? name)
    }

    /// Samples per channel in each of the codec's frames, 0 when it varies.
    var codecFrameSize: Int { Int(codec?.pointee.frame_size ?? 0) }

    /// The container's length of the stream in seconds, and whether FFmpeg only estimated it from the bit rate;
    /// nil when unknown.
    var claimedDuration: (seconds: Double, isEstimate: Bool)? {
        guard let format, streamIndex >= 0, let stream = format.pointee.streams[Int(streamIndex)] else { return nil }
        let isEstimate = format.pointee.duration_estimation_method == AVFMT_DURATION_FROM_BITRATE
        let noTimestamp = cffmpeg_no_timestamp()
        if stream.pointee.duration != noTimestamp, stream.pointee.duration > 0 {
            return (
                Double(stream.pointee.duration) * Double(timeBase.numerator) / Double(timeBase.denominator), isEstimate
            )
        }
        if format.pointee.duration != noTimestamp, format.pointee.duration > 0 {
            return (Double(format.pointee.duration) / Double(AV_TIME_BASE), isEstimate)
        }
        return nil
    }

    /// The length of the audio stream's remaining packets, in seconds (the session is spent afterwards): their
    /// durations summed, or the span of their timestamps where the two differ by no more than the durations'
    /// rounding; nil when a packet carries no duration.
    ///
    /// Each packet's duration is its length rounded to a tick of the time base. Where a tick is coarser than a
    /// sample (Matroska and WebM count milliseconds) the rounding adds up over thousands of packets: a Vorbis
    /// WebM written to a pipe (no duration in its header) summed to 7.823 s of its 8.021 s. The span from the
    /// first timestamp to the last packet's end does not add up rounding, so it stands when it differs from the
    /// sum by at most one tick per packet; a larger difference is a gap or a reset in the timestamps, and a gap
    /// is not audio the decoder delivers.
    func packetDurationSeconds() -> Double? {
        guard let format, let packet else { return nil }
        let noTimestamp = cffmpeg_no_timestamp()
        var ticks: Int64 = 0
        var count: Int64 = 0
        var first: Int64?
        var end: Int64?
        var hasTimestamps = true
        while ff.av_read_frame(format, packet) >= 0 {
            defer { ff.av_packet_unref(packet) }
            guard packet.pointee.stream_index == streamIndex else { continue }
            let duration = packet.pointee.duration
            guard duration > 0 else { return nil }
            let (sum, overflow) = ticks.addingReportingOverflow(duration)
            guard !overflow else { return nil }
            ticks = sum
            count += 1
            let timestamp = packet.pointee.pts
            guard timestamp != noTimestamp, abs(timestamp) < Int64.max / 4 else {
                hasTimestamps = false
                continue
            }
            first = first ?? timestamp
            end = max(end ?? Int64.min, timestamp + duration)
        }
        var total = ticks
        if hasTimestamps, let first, let end, abs((end - first) - ticks) <= count {
            total = end - first
        }
        return Double(total) * Double(timeBase.numerator) / Double(timeBase.denominator)
    }

    // MARK: - Decoding

    /// Decodes the next frame and appends its samples to `output`, interleaved, at ``outputRate`` with
    /// ``outputChannels``.
    /// - Returns: The frames appended and the decoded frame's timestamp in the stream's time base (nil when
    ///   unknown); nil at the end of the stream.
    /// - Throws: `AudioError` `.truncated` after ``maximumFailuresInRow`` packets in a row that do not decode,
    ///   `.resamplingFailed` when the converter fails.
    func decodeFrame(
        appendingTo output: inout [Float], path: String
    ) throws(AudioError) -> (
        frames: Int, timestamp: Int64?
    )? {
        guard let format, let codec, let packet, let frame else { return nil }
        let again = cffmpeg_error_from_errno(EAGAIN)
        let endOfFile = cffmpeg_error_eof()
        while true {
            let received = ff.avcodec_receive_frame(codec, frame)
            if received >= 0 {
                defer { ff.av_frame_unref(frame) }
                failuresInRow = 0
                let timestamp = frame.pointee.best_effort_timestamp
                let frames = try convert(frame, appendingTo: &output, path: path)
                return (frames, timestamp == cffmpeg_no_timestamp() ? nil : timestamp)
            }
            if received == endOfFile {
                let flushed = flushConverter(appendingTo: &output)
                return flushed > 0 ? (flushed, nil) : nil
            }
            if received != again {
                try countFailure(received, path: path)
                continue
            }
            if isDraining { return nil }
            let read = ff.av_read_frame(format, packet)
            if read < 0 {
                if read != endOfFile { readProblem = message(read) }
                isDraining = true
                _ = ff.avcodec_send_packet(codec, nil)
                continue
            }
            defer { ff.av_packet_unref(packet) }
            guard packet.pointee.stream_index == streamIndex else { continue }
            let sent = ff.avcodec_send_packet(codec, packet)
            if sent < 0, sent != again { try countFailure(sent, path: path) }
        }
    }

    private func countFailure(_ status: Int32, path: String) throws(AudioError) {
        failuresInRow += 1
        if failuresInRow > Self.maximumFailuresInRow {
            throw AudioError(
                .truncated, path: path,
                reason: "the data is corrupt: \(failuresInRow) packets in a row do not decode (FFmpeg: "
                    + "\(message(status)))")
        }
    }

    /// Converts one decoded frame to interleaved Float32 at the output rate and channel count, appending it.
    private func convert(
        _ frame: UnsafeMutablePointer<AVFrame>, appendingTo output: inout [Float], path: String
    ) throws(AudioError) -> Int {
        if outputRate == 0 {
            outputRate = Int(frame.pointee.sample_rate)
            outputChannels = Int(frame.pointee.ch_layout.nb_channels)
        }
        guard frame.pointee.sample_rate > 0, frame.pointee.ch_layout.nb_channels > 0, outputRate > 0,
            outputChannels > 0
        else {
            throw AudioError(
                .invalidHeader, path: path,
                reason: "FFmpeg decoded a frame of \(frame.pointee.sample_rate) Hz, "
                    + "\(frame.pointee.ch_layout.nb_channels) channels")
        }
        let converter = try converter(for: frame, path: path)
        let input = UnsafeMutableRawPointer(frame.pointee.extended_data)?
            .assumingMemoryBound(to: UnsafePointer<UInt8>?.self)
        let converted = run(converter, input: input, frames: frame.pointee.nb_samples, appendingTo: &output)
        guard converted >= 0 else {
            throw AudioError(.resamplingFailed, path: path, reason: "swr_convert: \(message(converted))")
        }
        return Int(converted)
    }

    /// One `swr_convert` call appending to `output`: room for what the converter may give for `frames` input
    /// frames (none: a flush), then trimmed to what it gave.
    /// - Returns: The frames appended, or FFmpeg's negative status (nothing appended).
    private func run(
        _ converter: OpaquePointer, input: UnsafeMutablePointer<UnsafePointer<UInt8>?>?, frames: Int32,
        appendingTo output: inout [Float]
    ) -> Int32 {
        let capacity = Int(ff.swr_get_out_samples(converter, frames)) + 16
        let start = output.count
        output.append(contentsOf: repeatElement(0, count: capacity * outputChannels))
        let converted = output.withUnsafeMutableBufferPointer { target -> Int32 in
            guard let base = target.baseAddress else { return -1 }
            var plane: UnsafeMutablePointer<UInt8>? = UnsafeMutableRawPointer(base + start)
                .assumingMemoryBound(to: UInt8.self)
            return ff.swr_convert(converter, &plane, Int32(capacity), input, frames)
        }
        output.removeLast((capacity - max(0, Int(converted))) * outputChannels)
        return converted
    }

    /// The converter for frames like `frame`, made anew when its format, rate or layout differs from the last.
    ///
    /// A layout in FFmpeg's native order (`FL FR FC LFE BL BR …`, WAV's order) is kept when the channel count is the
    /// output's, so the channels pass through unmixed; any other (unspecified or custom order, or a count that
    /// changed midway) is read as the default layout of its count and mixed to the output's.
    private func converter(for frame: UnsafeMutablePointer<AVFrame>, path: String) throws(AudioError) -> OpaquePointer {
        var layout = frame.pointee.ch_layout
        if let input = converterInput, let converter, input.format == frame.pointee.format,
            input.rate == frame.pointee.sample_rate,
            withUnsafePointer(to: input.layout, { known in ff.av_channel_layout_compare(known, &layout) }) == 0
        {
            return converter
        }
        ff.swr_free(&converter)
        if var old = converterInput?.layout { ff.av_channel_layout_uninit(&old) }
        converterInput = nil
        var seen = AVChannelLayout()
        _ = ff.av_channel_layout_copy(&seen, &layout)
        let isNative = layout.order == AV_CHANNEL_ORDER_NATIVE
        var inputLayout = AVChannelLayout()
        var outputLayout = AVChannelLayout()
        defer {
            ff.av_channel_layout_uninit(&inputLayout)
            ff.av_channel_layout_uninit(&outputLayout)
        }
        if isNative {
            _ = ff.av_channel_layout_copy(&inputLayout, &layout)
        } else {
            ff.av_channel_layout_default(&inputLayout, layout.nb_channels)
        }
        if isNative, Int(layout.nb_channels) == outputChannels {
            _ = ff.av_channel_layout_copy(&outputLayout, &layout)
        } else {
            ff.av_channel_layout_default(&outputLayout, Int32(outputChannels))
        }
        var made: OpaquePointer?
        var status = ff.swr_alloc_set_opts2(
            &made, &outputLayout, AV_SAMPLE_FMT_FLT, Int32(outputRate), &inputLayout,
            AVSampleFormat(frame.pointee.format), frame.pointee.sample_rate, 0, nil)
        if status >= 0 { status = ff.swr_init(made) }
        guard status >= 0, let made else {
            ff.swr_free(&made)
            ff.av_channel_layout_uninit(&seen)
            throw AudioError(.resamplingFailed, path: path, reason: "swr_init: \(message(status))")
        }
        converter = made
        converterInput = (frame.pointee.format, frame.pointee.sample_rate, seen)
        return made
    }

    /// What the converter still holds (only when it resamples a stream whose rate changed), appended.
    private func flushConverter(appendingTo output: inout [Float]) -> Int {
        guard let converter, let input = converterInput, Int(input.rate) != outputRate else { return 0 }
        return max(0, Int(run(converter, input: nil, frames: 0, appendingTo: &output)))
    }

    // MARK: - Seeking

    /// Moves to the last point at or before `timestamp` (in the stream's time base) the demuxer can start from,
    /// and resets the decoder. The corresponding C function is `avformat_seek_file`.
    /// - Returns: Whether the demuxer moved.
    func seek(toTimestamp timestamp: Int64) -> Bool {
        guard let format, let codec else { return false }
        let status = ff.avformat_seek_file(format, streamIndex, Int64.min, timestamp, timestamp, 0)
        guard status >= 0 else { return false }
        ff.avcodec_flush_buffers(codec)
        isDraining = false
        failuresInRow = 0
        ff.swr_free(&converter)
        if var old = converterInput?.layout { ff.av_channel_layout_uninit(&old) }
        converterInput = nil
        return true
    }

    // MARK: - C helpers

    /// FFmpeg's libraries, loaded once per process (with their log level set to quiet) by the first file that needs
    /// them. A machine without them gets `.unsupportedFormat` naming the missing library, never a crash.
    private static func library(path: String) throws(AudioError) -> CFFmpegLibrary {
        var error = [CChar](repeating: 0, count: 512)
        guard let library = cffmpeg_library(&error, error.count) else {
            let reason = String(decoding: error.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            throw AudioError(
                .unsupportedFormat, path: path, reason: "FFmpeg's libraries could not be loaded: \(reason)")
        }
        return library.pointee
    }

    /// FFmpeg's name of a codec (`aac`, `alac`, …).
    private func codecName(_ id: AVCodecID) -> String {
        ff.avcodec_get_name(id).map { String(cString: $0) } ?? "unknown"
    }

    /// FFmpeg's message for an error code. The corresponding C function is `av_strerror`.
    func message(_ status: Int32) -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        _ = ff.av_strerror(status, &buffer, buffer.count)
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The demuxer's name as reports give it (``FFmpegHandle/shortName(ofDemuxer:)``: `mp4`, `matroska`, …).
    private static func demuxerName(_ format: UnsafeMutablePointer<AVFormatContext>) -> String {
        format.pointee.iformat.map(shortName) ?? "unknown"
    }

    private static func shortName(of input: UnsafePointer<AVInputFormat>) -> String {
        FFmpegHandle.shortName(ofDemuxer: input.pointee.name.map { String(cString: $0) } ?? "")
    }

    /// Reads for FFmpeg's I/O context from the ``BufferedFile`` passed (unretained) as its opaque pointer.
    private static let readPacket:
        @convention(c) (UnsafeMutableRawPointer?, UnsafeMutablePointer<UInt8>?, Int32) ->
            Int32 = { opaque, buffer, size in
                guard let opaque, let buffer, size > 0 else { return cffmpeg_error_eof() }
                let got = Unmanaged<BufferedFile>.fromOpaque(opaque).takeUnretainedValue().read(
                    into: buffer, count: Int(size))
                return got > 0 ? Int32(got) : cffmpeg_error_eof()
            }

    /// Seeks for FFmpeg's I/O context; `AVSEEK_SIZE` asks for the file's length.
    private static let seek: @convention(c) (UnsafeMutableRawPointer?, Int64, Int32) -> Int64 = {
        opaque, offset, whence in
        guard let opaque else { return -1 }
        let file = Unmanaged<BufferedFile>.fromOpaque(opaque).takeUnretainedValue()
        if whence & AVSEEK_SIZE != 0 { return file.length }
        return file.seek(offset: offset, whence: whence & ~AVSEEK_FORCE)
    }
}
