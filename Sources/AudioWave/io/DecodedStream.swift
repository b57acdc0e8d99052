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
