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

    /// Creates the file facts.
    public init(format: String, encoding: String, sampleRate: Int, channels: Int, durationSeconds: Double) {
        self.format = format
        self.encoding = encoding
        self.sampleRate = sampleRate
        self.channels = channels
        self.durationSeconds = durationSeconds
    }

    enum CodingKeys: String, CodingKey {
        case format, encoding, channels
        case sampleRate = "sample_rate"
        case durationSeconds = "duration_s"
    }
}
