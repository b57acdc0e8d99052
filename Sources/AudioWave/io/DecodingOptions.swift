/// A span of a file to decode, in seconds of the file's own timeline.
public struct Excerpt: Sendable, Hashable, Codable {
    /// Where the excerpt starts, in seconds from the start of the file.
    public var startSeconds: Double
    /// How long the excerpt is, in seconds (clamped to the end of the file).
    public var durationSeconds: Double

    /// Creates an excerpt of `durationSeconds` starting at `startSeconds`.
    public init(startSeconds: Double, durationSeconds: Double) {
        self.startSeconds = startSeconds
        self.durationSeconds = durationSeconds
    }

    /// An excerpt of `durationSeconds` centred in a file of `totalSeconds`; the whole file when it is shorter.
    public static func centered(durationSeconds: Double, inFileOf totalSeconds: Double) -> Excerpt {
        let duration = min(durationSeconds, totalSeconds)
        return Excerpt(startSeconds: max(0, (totalSeconds - duration) / 2), durationSeconds: duration)
    }

    enum CodingKeys: String, CodingKey {
        case startSeconds = "start_s"
        case durationSeconds = "duration_s"
    }
}

/// How to decode: the analysis rate, an optional excerpt, and the streaming block size.
public struct DecodingOptions: Sendable, Hashable, Codable {
    /// Output sample rate in Hz, or `nil` for the file's native rate. Default 22050.
    public var sampleRate: Int?
    /// Part of the file to decode, or `nil` for all of it. Default `nil`.
    public var excerpt: Excerpt?
    /// Frames read from the file per block; memory use beyond the output is proportional to it. Default 65536.
    public var blockFrames: Int

    /// Creates decoding options.
    public init(sampleRate: Int? = 22050, excerpt: Excerpt? = nil, blockFrames: Int = 65536) {
        self.sampleRate = sampleRate
        self.excerpt = excerpt
        self.blockFrames = blockFrames
    }

    enum CodingKeys: String, CodingKey {
        case sampleRate = "sample_rate"
        case excerpt
        case blockFrames = "block_frames"
    }
}

/// Mono samples decoded from a file, with the file's properties.
public struct DecodedAudio: Sendable {
    /// Mono samples (the average of the channels) at ``sampleRate``.
    public var samples: [Float]
    /// Sample rate of ``samples``, in Hz.
    public var sampleRate: Int
    /// The file's header facts.
    public var properties: AudioProperties
    /// Where ``samples`` start in the file, in seconds (0 unless an excerpt was decoded).
    public var startSeconds: Double

    /// Duration of ``samples`` in seconds.
    public var durationSeconds: Double { sampleRate > 0 ? Double(samples.count) / Double(sampleRate) : 0 }

    /// Creates decoded audio from its parts.
    public init(samples: [Float], sampleRate: Int, properties: AudioProperties, startSeconds: Double) {
        self.samples = samples
        self.sampleRate = sampleRate
        self.properties = properties
        self.startSeconds = startSeconds
    }
}

/// What a streaming decode delivered (the samples themselves went to the caller's closure).
public struct DecodedStream: Sendable {
    /// The file's header facts.
    public var properties: AudioProperties
    /// Sample rate of the delivered samples, in Hz.
    public var sampleRate: Int
    /// Where the delivered samples start in the file, in seconds.
    public var startSeconds: Double
    /// How many samples were delivered.
    public var sampleCount: Int
}
