/// Facts about the decoded audio stream, filled by the preparation stage from the probe.
public struct FileReport: Sendable, Codable, Hashable {
    /// Container format as the decoder names it, lowercased (`"wav"`, `"flac"`, `"ogg"`, `"mp3"`, …).
    public var format: String
    /// Sample encoding, lowercased (`"pcm_16"`, `"pcm_24"`, `"float"`, `"vorbis"`, …).
    public var encoding: String
    /// Native sample rate of the file, Hz.
    public var sampleRate: Int
    /// Number of channels in the file.
    public var channels: Int
    /// Duration of the whole file, seconds.
    public var durationSeconds: Double
    /// The library that decoded the file: `"libsndfile"` or `"ffmpeg"`; nil for samples handed over in memory,
    /// and in records written before the field existed (the key is then absent).
    public var decoder: String?

    /// Creates the file facts.
    public init(
        format: String, encoding: String, sampleRate: Int, channels: Int, durationSeconds: Double,
        decoder: String? = nil
    ) {
        self.format = format
        self.encoding = encoding
        self.sampleRate = sampleRate
        self.channels = channels
        self.durationSeconds = durationSeconds
        self.decoder = decoder
    }

    enum CodingKeys: String, CodingKey {
        case format, encoding, channels, decoder
        case sampleRate = "sample_rate"
        case durationSeconds = "duration_s"
    }

    /// Writes every key, `decoder` as `null` when unknown (reports never omit a key).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(format, forKey: .format)
        try container.encode(encoding, forKey: .encoding)
        try container.encode(sampleRate, forKey: .sampleRate)
        try container.encode(channels, forKey: .channels)
        try container.encode(durationSeconds, forKey: .durationSeconds)
        try container.encode(decoder, forKey: .decoder)
    }
}
