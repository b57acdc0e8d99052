import AudioWaveDSP

/// A tempo or key setting outside its allowed range, found by `validate()` before any work starts.
public struct AnalysisConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The offending field, as spelt in JSON (snake_case).
    public var field: String
    /// What is wrong with it.
    public var reason: String

    /// Creates an error.
    public init(field: String, reason: String) {
        self.field = field
        self.reason = reason
    }

    /// "tempo.min_bpm: must be positive, got 0".
    public var description: String { "\(field): \(reason)" }
}
