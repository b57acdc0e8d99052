/// An error from the feature layer: a configuration that cannot work, or a C library that refused.
public struct DSPError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is.
    public enum Code: String, Sendable, Hashable, Codable {
        /// A configuration value is out of range; `field` names it.
        case invalidConfiguration
        /// FFTW could not create a plan or allocate its buffers.
        case fftPlanFailed
        /// libebur128 refused a call (allocation, channel map, or measurement).
        case loudnessMeterFailed
    }

    /// What kind of failure this is.
    public var code: Code
    /// The configuration field or C function concerned.
    public var field: String
    /// What happened, in words fit for a log.
    public var reason: String

    /// Creates an error.
    /// - Parameters:
    ///   - code: the kind of failure.
    ///   - field: the configuration field or C function concerned.
    ///   - reason: what happened.
    public init(_ code: Code, field: String, reason: String) {
        self.code = code
        self.field = field
        self.reason = reason
    }

    /// `"<field>: <code>: <reason>"`.
    public var description: String { "\(field): \(code.rawValue): \(reason)" }
}
