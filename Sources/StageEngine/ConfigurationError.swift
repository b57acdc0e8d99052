import ConfigurationDecoding

/// A configuration problem found before any item starts: a bad value, an unknown key, a stage
/// dependency that cannot be satisfied.
///
/// The description names the field (in its JSON spelling) and says what is wrong, e.g.
/// `"max_retries_per_stage: must be at least 0, got -1"`.
public struct ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of problem this is.
    public enum Code: String, Sendable, Equatable, Codable {
        /// A value is out of range or otherwise invalid.
        case invalidValue = "invalid_value"
        /// A JSON object holds a key the configuration does not know.
        case unknownKey = "unknown_key"
        /// The JSON could not be read (syntax or type mismatch).
        case malformed
        /// No stage is enabled.
        case noStages = "no_stages"
        /// Stage dependencies form a cycle.
        case dependencyCycle = "dependency_cycle"
        /// A stage depends on a stage that is not enabled.
        case disabledDependency = "disabled_dependency"
        /// A stage name is not one of the seven stages.
        case unknownStage = "unknown_stage"
        /// Two handlers of one stage share a name.
        case duplicateHandler = "duplicate_handler"
    }

    /// What kind of problem this is.
    public var code: Code
    /// The field at fault, as a JSON key path (`retry.multiplier`), or a stage name.
    public var field: String
    /// What is wrong, in words.
    public var reason: String

    /// Creates an error for `field`.
    /// - Parameters:
    ///   - code: What kind of problem this is.
    ///   - field: The field at fault, as a JSON key path.
    ///   - reason: What is wrong.
    public init(_ code: Code, field: String, reason: String) {
        self.code = code
        self.field = field
        self.reason = reason
    }

    /// `field: reason`.
    public var description: String { field.isEmpty ? reason : "\(field): \(reason)" }
}

/// A coding key that accepts any string, used to list the keys present in a JSON object.
extension Decoder {
    /// Throws `ConfigurationError.unknownKey` when the JSON object being decoded holds a key that
    /// `Keys` does not list (``ConfigurationDecoding``'s policy). Makes configuration decoding strict:
    /// typos are errors, not silence.
    func rejectUnknownKeys<Keys: CodingKey & CaseIterable>(_ keys: Keys.Type) throws {
        _ = try strictContainer(keys) { field, reason in ConfigurationError(.unknownKey, field: field, reason: reason) }
    }
}

extension KeyedDecodingContainer {
    /// Decodes a stage-keyed dictionary (`{"deep_analysis": …}`), rejecting names that are not stages.
    func decodeStageDictionary<Value: Decodable>(
        _ type: Value.Type, forKey key: Key
    ) throws -> [Stage: Value]? {
        guard let raw = try decodeIfPresent([String: Value].self, forKey: key) else { return nil }
        var result: [Stage: Value] = [:]
        for (name, value) in raw {
            guard let stage = Stage(rawValue: name) else {
                throw ConfigurationError(
                    .unknownStage, field: "\(key.stringValue).\(name)",
                    reason: "not a stage; stages are \(Stage.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            result[stage] = value
        }
        return result
    }
}

extension KeyedEncodingContainer {
    /// Encodes a stage-keyed dictionary as a JSON object keyed by stage raw values.
    mutating func encodeStageDictionary<Value: Encodable>(_ dictionary: [Stage: Value], forKey key: Key) throws {
        var raw: [String: Value] = [:]
        for (stage, value) in dictionary { raw[stage.rawValue] = value }
        try encode(raw, forKey: key)
    }
}
