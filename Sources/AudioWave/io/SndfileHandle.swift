import CSndfile
import Foundation

/// An open libsndfile reader. Every call into libsndfile lives in this file.
///
/// The handle is owned by this object and closed in `deinit`. It is not safe to use from two
/// threads at once; a decoder owns one handle for the duration of one decode.
///
/// Opening is serialised: a failed open leaves its error in libsndfile's process-global state (`sf_errno`,
/// read by `sf_strerror(NULL)`, and the header log `sf_parselog`), which every other open resets and rewrites
/// (libsndfile issue 279). Without the lock, files opened from several tasks at once read one another's errors
/// or "No Error.". Everything after the open uses the handle's own error state.
final class SndfileHandle: DecoderHandle {
    /// Guards libsndfile's global error state from the start of an open to the reading of its error.
    private static let globalErrorState = NSLock()

    private let handle: OpaquePointer
    /// The bytes libsndfile reads, through its virtual I/O; kept alive until `sf_close`.
    private let file: BufferedFile
    /// The path this handle was opened from, for error messages.
    let path: String
    /// The header as libsndfile reads it.
    let info: SF_INFO

    /// What the report should say about a header read around (``UnwrittenDataSize``), or nil.
    var headerNote: String?

    /// Opens `path` for reading through a ``BufferedFile``, with `corrections` laid over the header's bytes
    /// (``UnwrittenDataSize``). The corresponding C function is `sf_open_virtual`.
    /// - Throws: `AudioError` `.unreadable` when the file cannot be opened; when libsndfile refuses it,
    ///   what ``OpenFailure`` makes of the refusal (`.invalidHeader`, `.truncated`, or `.unsupportedFormat` with
    ///   libsndfile's own message).
    init(path: String, corrections: [HeaderCorrection] = []) throws(AudioError) {
        let file = try BufferedFile(path: path)
        file.corrections = corrections
        var info = SF_INFO()
        // The open and the reading of its error, under one lock: see `globalErrorState`.
        let outcome: (handle: OpaquePointer?, message: String, log: String) = Self.globalErrorState.withLock {
            var io = BufferedFile.virtualIO()
            guard let opened = sf_open_virtual(&io, Int32(SFM_READ), &info, Unmanaged.passUnretained(file).toOpaque())
            else { return (nil, String(cString: sf_strerror(nil)), Self.globalLog()) }
            return (opened, "", "")
        }
        guard let opened = outcome.handle else {
            throw OpenFailure.error(
                path: path, message: outcome.message, log: outcome.log, length: file.length,
                leadingBytes: file.leadingBytes(4))
        }
        self.file = file
        self.handle = opened
        self.path = path
        self.info = info
    }

    deinit { sf_close(handle) }

    var library: DecoderLibrary { .libsndfile }
    var sampleRate: Int { Int(info.samplerate) }
    var channelCount: Int { Int(info.channels) }
    var frameCount: Int64 { Int64(info.frames) }
    var isSeekable: Bool { info.seekable != 0 }

    /// Exact for PCM and lossless formats. For MP3 libsndfile estimates the frame count (exact only with a
    /// Xing/LAME header); a constant-bitrate file without one was measured 0.23% long (180 s: header 7957844,
    /// decoded 7939584), so MP3 gets 1% or two MPEG frames, whichever is more.
    var frameCountTolerance: Int64 { isMPEG ? max(2 * 1152, frameCount / 100) : 0 }

    /// libsndfile's major format (container) code, `SF_FORMAT_WAV`, `SF_FORMAT_OGG`, ….
    private var majorFormat: Int32 { Int32(info.format) & Int32(SF_FORMAT_TYPEMASK) }

    /// Whether libsndfile reads the file as an Ogg stream (Vorbis, Opus, FLAC in Ogg).
    var isOgg: Bool { majorFormat == Int32(SF_FORMAT_OGG) }

    /// Whether libsndfile reads the file as MPEG audio (MP1, MP2, MP3).
    var isMPEG: Bool { majorFormat == Int32(SF_FORMAT_MPEG) }

    /// libsndfile's header log of the last failed open (`SFC_GET_LOG_INFO` without a handle). Call under
    /// `globalErrorState`'s lock, right after the failed open.
    private static func globalLog() -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let length = buffer.withUnsafeMutableBytes { raw in
            sf_command(nil, Int32(SFC_GET_LOG_INFO), raw.baseAddress, Int32(raw.count))
        }
        guard length > 0 else { return "" }
        return String(decoding: buffer.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// A read that failed after delivering frames: thrown by the next read, so those frames are not lost.
    private var deferredFailure: AudioError?

    /// Reads up to `frameCount` interleaved frames into the start of `buffer` (which must hold
    /// `frameCount * channels` samples), returning how many frames were read.
    /// The corresponding C function is `sf_readf_float`.
    /// - Throws: `.truncated` when libsndfile reports a failed read (a FLAC that loses sync where it was cut).
    ///   The frames a failing read did deliver are returned first; the failure comes with the next read.
    func readFrames(into buffer: inout [Float], frameCount: Int) throws(AudioError) -> Int {
        if let deferredFailure { throw deferredFailure }
        let channels = max(1, Int(info.channels))
        let frames = min(frameCount, buffer.count / channels)
        let read = buffer.withUnsafeMutableBufferPointer { target -> sf_count_t in
            guard let base = target.baseAddress else { return 0 }
            return sf_readf_float(handle, base, sf_count_t(frames))
        }
        let status = sf_error(handle)
        if status != 0 {
            let failure = AudioError(
                .truncated, path: path, reason: "read failed: \(String(cString: sf_strerror(handle)))")
            guard read > 0 else { throw failure }
            deferredFailure = failure
        }
        return Int(read)
    }

    /// Moves the read position to `frame` (from the start). The corresponding C function is `sf_seek`.
    func seek(toFrame frame: Int64) throws(AudioError) {
        if sf_seek(handle, sf_count_t(frame), SEEK_SET) < 0 {
            // sf_seek often fails without setting the handle's error ("No Error."): say only what is known then.
            let detail = sf_error(handle) == 0 ? "" : ": \(String(cString: sf_strerror(handle)))"
            throw AudioError(
                .unreadable, path: path, reason: "seek to frame \(frame) of \(info.frames) failed\(detail)")
        }
    }

    /// libsndfile's log of what it parsed, used to explain malformed headers.
    var logText: String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let length = buffer.withUnsafeMutableBytes { raw in
            sf_command(handle, Int32(SFC_GET_LOG_INFO), raw.baseAddress, Int32(raw.count))
        }
        guard length > 0 else { return "" }
        let bytes = buffer.prefix(Int(length)).map { UInt8(bitPattern: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Human names of the container and the sample encoding, and short identifiers of both.
    var formatNames: (container: String, encoding: String, shortName: String, encodingCode: String) {
        let majorCode = majorFormat
        let subCode = Int32(info.format) & Int32(SF_FORMAT_SUBMASK)
        let major = SndfileHandle.formatInfo(majorCode)
        let sub = SndfileHandle.formatInfo(subCode)
        let encodingCode =
            SndfileHandle.encodingCodes[subCode]
            ?? sub.name.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).joined(separator: "_")
        return (major.name, sub.name, SndfileHandle.shortNames[majorCode] ?? major.fileExtension, encodingCode)
    }

    /// Short, stable sample-encoding names for reports.
    private static let encodingCodes: [Int32: String] = [
        Int32(SF_FORMAT_PCM_S8): "pcm_s8", Int32(SF_FORMAT_PCM_U8): "pcm_u8", Int32(SF_FORMAT_PCM_16): "pcm_16",
        Int32(SF_FORMAT_PCM_24): "pcm_24", Int32(SF_FORMAT_PCM_32): "pcm_32", Int32(SF_FORMAT_FLOAT): "float",
        Int32(SF_FORMAT_DOUBLE): "double", Int32(SF_FORMAT_ULAW): "ulaw", Int32(SF_FORMAT_ALAW): "alaw",
        Int32(SF_FORMAT_VORBIS): "vorbis", Int32(SF_FORMAT_OPUS): "opus", Int32(SF_FORMAT_MPEG_LAYER_III): "mp3",
        Int32(SF_FORMAT_MPEG_LAYER_II): "mp2", Int32(SF_FORMAT_MPEG_LAYER_I): "mp1",
    ]

    /// Short, stable container names for the formats users meet most; others use libsndfile's extension.
    private static let shortNames: [Int32: String] = [
        Int32(SF_FORMAT_WAV): "wav", Int32(SF_FORMAT_WAVEX): "wav", Int32(SF_FORMAT_RF64): "rf64",
        Int32(SF_FORMAT_W64): "w64", Int32(SF_FORMAT_AIFF): "aiff", Int32(SF_FORMAT_CAF): "caf",
        Int32(SF_FORMAT_AU): "au", Int32(SF_FORMAT_FLAC): "flac", Int32(SF_FORMAT_OGG): "ogg",
        Int32(SF_FORMAT_MPEG): "mp3",
    ]

    /// A header promising more audio than the file holds, as libsndfile's log shows it (``SndfileLogCut``): read
    /// from the log once, though opening, describing and finishing a decode each ask.
    private(set) lazy var knownCut: KnownCut? = SndfileLogCut.cut(inLog: logText, frameCount: frameCount)

    /// The corresponding C function is `sf_command(SFC_GET_FORMAT_INFO)`; without a handle, under the lock of the
    /// global error state it may set.
    private static func formatInfo(_ format: Int32) -> (name: String, fileExtension: String) {
        var formatInfo = SF_FORMAT_INFO()
        formatInfo.format = format
        let status = globalErrorState.withLock {
            sf_command(nil, Int32(SFC_GET_FORMAT_INFO), &formatInfo, Int32(MemoryLayout<SF_FORMAT_INFO>.size))
        }
        guard status == 0 else { return ("unknown (0x\(String(format, radix: 16)))", "") }
        let name = formatInfo.name.map { String(cString: $0) } ?? "unknown"
        let ext = formatInfo.extension.map { String(cString: $0) } ?? ""
        return (name, ext)
    }
}
