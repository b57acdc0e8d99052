/// The seven ordered stages of the wave engine.
public enum Stage: String, CaseIterable, Sendable, Codable, Hashable, Comparable {
    case preparation
    case initialAnalysis = "initial_analysis"
    case featureExtraction = "feature_extraction"
    case deepAnalysis = "deep_analysis"
    case aggregation
    case postProcessing = "post_processing"
    case finalization

    /// The stage's position in the canonical order.
    public var order: Int { Stage.allCases.firstIndex(of: self) ?? 0 }

    public static func < (lhs: Stage, rhs: Stage) -> Bool { lhs.order < rhs.order }
}
