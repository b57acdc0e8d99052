/// EBU R 128 loudness, measured on the original channels at the native rate: over the whole file, or over
/// the initial analysis's excerpt only when the configuration asks for it (``scope``).
///
/// A value the meter cannot give (the integrated loudness of silence is −∞) is `nil`,
/// written as JSON `null`: JSON has no infinity.
public struct LoudnessReport: Sendable, Codable, Hashable {
    /// Integrated loudness, LUFS.
    public var integratedLUFS: Double?
    /// Loudness range, LU.
    public var rangeLU: Double?
    /// True peak over all channels, dBTP.
    public var truePeakDBTP: Double?
    /// What was measured: the whole file (`full`, always unless asked otherwise) or the excerpt
    /// (`excerpt`, with `--loudness excerpt` on a file the quality gate ended early). Since 0.5.0; nil in
    /// older records.
    public var scope: AnalysisScope?

    /// Creates a loudness report; pass nil for a value that is not finite.
    public init(integratedLUFS: Double?, rangeLU: Double?, truePeakDBTP: Double?, scope: AnalysisScope? = .full) {
        self.integratedLUFS = integratedLUFS
        self.rangeLU = rangeLU
        self.truePeakDBTP = truePeakDBTP
        self.scope = scope
    }

    enum CodingKeys: String, CodingKey {
        case integratedLUFS = "integrated_lufs"
        case rangeLU = "range_lu"
        case truePeakDBTP = "true_peak_dbtp"
        case scope
    }

    /// Encodes every key, writing missing values as explicit JSON `null`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(integratedLUFS, forKey: .integratedLUFS)
        try container.encode(rangeLU, forKey: .rangeLU)
        try container.encode(truePeakDBTP, forKey: .truePeakDBTP)
        try container.encodeIfPresent(scope, forKey: .scope)
    }
}
