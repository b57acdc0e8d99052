/// What a probe learns about an audio file from its header, without decoding it.
public struct AudioProperties: Sendable, Hashable, Codable {
    /// Container name as the decoder reports it, e.g. `WAV (Microsoft)`, `FLAC (Free Lossless Audio Codec)`
    /// (libsndfile), `QuickTime / MOV` (FFmpeg).
    public var format: String
    /// Short container identifier, e.g. `wav`, `flac`, `ogg`, `mp3`, `aiff` (libsndfile), `mp4`, `matroska`, `asf`,
    /// `wv`, `ac3` (FFmpeg).
    public var container: String
    /// Sample encoding as the decoder reports it, e.g. `Signed 16 bit PCM`, `Vorbis` (libsndfile),
    /// `AAC (Advanced Audio Coding)` (FFmpeg).
    public var encoding: String
    /// Short encoding identifier, e.g. `pcm_16`, `float`, `vorbis`, `mp3` (libsndfile), FFmpeg's codec name
    /// (`aac`, `alac`, `opus`, `wmav2`, `ac3`, `wavpack`).
    public var encodingCode: String
    /// Native sample rate, in Hz.
    public var sampleRate: Int
    /// Number of interleaved channels.
    public var channelCount: Int
    /// Number of frames the file holds as its decoder reads it (one frame holds one sample per channel): the
    /// header's length, or, where the header promises more audio data than the file holds (a WAV, AIFF, AU,
    /// RF64 or W64 cut short), what is there; the promise is then ``declaredFrameCount``.
    public var frameCount: Int64
    /// Whether the decoder can seek (needed for excerpt decoding without reading the whole file).
    public var isSeekable: Bool
    /// Size of the file on disk, in bytes.
    public var fileSizeBytes: Int64
    /// The library that decodes the file: libsndfile where it reads it, FFmpeg otherwise; nil for samples handed
    /// over in memory.
    public var decoder: DecoderLibrary?
    /// The frames the header promises when the file holds fewer (a PCM file whose data chunk runs
    /// past the end of the file); nil when header and file agree.
    public var declaredFrameCount: Int64?
    /// What is wrong with the header, when the decoder read around it (a WAV whose data size was never written, an
    /// MP3 whose Xing header misstates the stream's size); the report carries it as a warning. nil otherwise.
    public var headerNote: String?

    /// Duration in seconds: `frameCount / sampleRate`.
    public var durationSeconds: Double {
        sampleRate > 0 ? Double(frameCount) / Double(sampleRate) : 0
    }

    /// The duration the header promises: ``declaredFrameCount`` where the file holds less, else ``durationSeconds``.
    public var declaredDurationSeconds: Double {
        sampleRate > 0 ? Double(declaredFrameCount ?? frameCount) / Double(sampleRate) : 0
    }

    /// Creates properties from their parts.
    public init(
        format: String, container: String, encoding: String, encodingCode: String, sampleRate: Int, channelCount: Int,
        frameCount: Int64, isSeekable: Bool, fileSizeBytes: Int64, decoder: DecoderLibrary? = nil,
        declaredFrameCount: Int64? = nil, headerNote: String? = nil
    ) {
        self.format = format
        self.container = container
        self.encoding = encoding
        self.encodingCode = encodingCode
        self.sampleRate = sampleRate
        self.channelCount = channelCount
        self.frameCount = frameCount
        self.isSeekable = isSeekable
        self.fileSizeBytes = fileSizeBytes
        self.decoder = decoder
        self.declaredFrameCount = declaredFrameCount
        self.headerNote = headerNote
    }

    enum CodingKeys: String, CodingKey {
        case format, container, encoding
        case encodingCode = "encoding_code"
        case sampleRate = "sample_rate"
        case channelCount = "channels"
        case frameCount = "frames"
        case isSeekable = "seekable"
        case fileSizeBytes = "size_bytes"
        case decoder
        case declaredFrameCount = "declared_frames"
        case headerNote = "header_note"
    }
}
