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
