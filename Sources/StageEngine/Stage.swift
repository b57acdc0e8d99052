/// The seven ordered stages of the wave engine.
///
/// Raw values are the snake_case names used in JSON configuration, events and results.
public enum Stage: String, CaseIterable, Sendable, Codable, Hashable, Comparable {
    /// Probe and validate the item; open what later stages need.
    case preparation
    /// Cheap figures over a small part of the item, with a confidence.
    case initialAnalysis = "initial_analysis"
    /// The full feature pass.
    case featureExtraction = "feature_extraction"
    /// Expensive analysis over the extracted features.
    case deepAnalysis = "deep_analysis"
    /// Summaries and combined confidences.
    case aggregation
    /// Naming, rounding, consistency checks, quality score.
    case postProcessing = "post_processing"
    /// Writing the result; runs for every item that reaches it, early exit included.
    case finalization

    /// The stage's position in the canonical order (0 for `preparation`).
    public var order: Int { Stage.allCases.firstIndex(of: self) ?? 0 }

    /// Canonical order: `preparation` < `initialAnalysis` < … < `finalization`.
    public static func < (lhs: Stage, rhs: Stage) -> Bool { lhs.order < rhs.order }

    /// Decodes a stage from its snake_case name.
    /// - Throws: `ConfigurationError.unknownStage` naming the value when it is not a stage.
    public init(from decoder: any Decoder) throws {
        let name = try decoder.singleValueContainer().decode(String.self)
        guard let stage = Stage(rawValue: name) else {
            let path = decoder.codingPath.map(\.stringValue).joined(separator: ".")
            throw ConfigurationError(
                .unknownStage, field: path.isEmpty ? name : path,
                reason: "'\(name)' is not a stage; stages are \(Stage.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
        self = stage
    }
}
