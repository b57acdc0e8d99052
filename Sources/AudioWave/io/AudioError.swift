/// An error reading or validating an audio file. It always names the file and the reason.
///
/// Messages read well in a log: `take3.wav: truncated: header says 441000 frames, read 220500`.
public struct AudioError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is; stable, and written into reports as a snake_case code.
    public enum Code: String, Sendable, Hashable, Codable, CaseIterable {
        /// The path does not exist.
        case notFound = "not_found"
        /// The process may not read the file.
        case permissionDenied = "permission_denied"
        /// The file exists but could not be read (a directory, an I/O error).
        case unreadable
        /// Neither libsndfile nor FFmpeg recognises the content as audio it can decode.
        case unsupportedFormat = "unsupported_format"
        /// The file holds no audio frames.
        case empty
        /// A read returned fewer frames than the header promised, or the data is corrupt.
        case truncated
        /// The header declares absurd values (sample rate 0 or above 768 kHz, more than 64 channels).
        case invalidHeader = "invalid_header"
        /// The decoded samples contain NaN or infinity.
        case nonFiniteSamples = "non_finite_samples"
        /// A request that cannot be met (an excerpt outside the file, an invalid analysis rate).
        case invalidRequest = "invalid_request"
        /// The resampler failed.
        case resamplingFailed = "resampling_failed"
        /// The caller stopped the decoding (a timeout, a cancelled task) between two blocks.
        case cancelled
    }

    /// What kind of failure this is.
    public var code: Code
    /// The file, as the caller named it.
    public var path: String
    /// What happened, with the decoder's own words when it has some (libsndfile's, FFmpeg's).
    public var reason: String

    /// Creates an error for `path`.
    public init(_ code: Code, path: String, reason: String) {
        self.code = code
        self.path = path
        self.reason = reason
    }

    /// `path: code: reason`, e.g. `take3.wav: truncated: header says 441000 frames, read 220500`.
    public var description: String {
        "\(path): \(code.rawValue.split(separator: "_").joined(separator: " ")): \(reason)"
    }
}
