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
