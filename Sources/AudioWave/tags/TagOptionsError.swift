/// A ``TagWriteOptions`` value outside its allowed range, found by `validate()` before any file is touched.
public struct TagOptionsError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The offending field, as spelt in JSON (snake_case).
    public var field: String
    /// What is wrong with it.
    public var reason: String

    /// Creates an error.
    public init(field: String, reason: String) {
        self.field = field
        self.reason = reason
    }

    /// "min_confidence: must be in 0...1, got 1.5".
    public var description: String { "\(field): \(reason)" }
}
