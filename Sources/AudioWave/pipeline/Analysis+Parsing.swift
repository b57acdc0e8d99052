import AudioWaveAnalysis
import AudioWaveReport

extension Analysis {
    /// Parses a comma-separated list such as "tempo,key".
    /// - Throws: ``AnalysisConfigurationError`` naming an unknown or empty entry.
    public static func parseList(_ text: String) throws(AnalysisConfigurationError) -> Set<Analysis> {
        var result = Set<Analysis>()
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let name = part.trimmingCharacters(in: .whitespaces).lowercased()
            guard let analysis = Analysis(rawValue: name) else {
                throw AnalysisConfigurationError(
                    field: "analyses",
                    reason:
                        "unknown analysis '\(name)'; choose from \(allCases.map(\.rawValue).joined(separator: ", "))")
            }
            result.insert(analysis)
        }
        return result
    }
}
