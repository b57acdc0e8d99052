/// Where a report's features come from.
public enum AnalysisScope: String, Sendable, Codable, Hashable, CaseIterable {
    /// Features, tempo and key come from the whole file.
    case full
    /// The item exited early: features, tempo and key come from the excerpt.
    case excerpt
}
