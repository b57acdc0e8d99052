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
