import AudioWaveDSP
import ConfigurationDecoding
import Foundation

/// Settings of ``TempoEstimator``.
public struct TempoConfiguration: Sendable, Codable, Hashable {
    /// Slowest tempo considered, in BPM. Default 40.
    public var minBPM: Double
    /// Fastest tempo considered, in BPM. Default 240.
    public var maxBPM: Double
    /// Centre of the log-normal tempo prior, in BPM. Default 120.
    public var priorCenterBPM: Double
    /// Standard deviation of the log-normal prior, in octaves. Default 1.
    public var priorWidthOctaves: Double
    /// Scale of the absolute-tempo prior terms in the octave decision (``TempoLevelModel``'s fitted
    /// weights of log2(bpm/120) and its square are multiplied by it): 1 uses the model as fitted, 0 ignores
    /// the absolute tempo, larger trusts it more than the evidence. Default 1.
    public var octavePriorExponent: Double
    /// Ellis's tightness: how strongly beat tracking keeps inter-beat intervals at the period. Default 100.
    public var beatTightness: Double
    /// Spacing of the tempogram's BPM grid, in BPM. Default 0.5.
    public var gridStepBPM: Double
    /// Whether the strongest tempogram peak is weighed against its half and double (the octave decision).
    /// Default true; false keeps the peak as it is.
    public var resolvesOctave: Bool
    /// When fewer than this share of the inter-beat intervals lie within 5% of their median, the next
    /// tempogram peaks not metrically related to the first are tried too. Default 0.8; 0 never tries.
    public var alternativePeakRegularity: Double

    /// Creates a configuration; every argument has the documented default.
    public init(
        minBPM: Double = 40, maxBPM: Double = 240, priorCenterBPM: Double = 120, priorWidthOctaves: Double = 1,
        octavePriorExponent: Double = 1, beatTightness: Double = 100, gridStepBPM: Double = 0.5,
        resolvesOctave: Bool = true, alternativePeakRegularity: Double = 0.8
    ) {
        self.minBPM = minBPM
        self.maxBPM = maxBPM
        self.priorCenterBPM = priorCenterBPM
        self.priorWidthOctaves = priorWidthOctaves
        self.octavePriorExponent = octavePriorExponent
        self.beatTightness = beatTightness
        self.gridStepBPM = gridStepBPM
        self.resolvesOctave = resolvesOctave
        self.alternativePeakRegularity = alternativePeakRegularity
    }

    /// The defaults.
    public static let standard = TempoConfiguration()

    /// Rejects values that cannot work, naming the field.
    /// - Throws: ``AnalysisConfigurationError``.
    public func validate() throws(AnalysisConfigurationError) {
        func check(_ ok: Bool, _ field: String, _ reason: String) throws(AnalysisConfigurationError) {
            if !ok { throw AnalysisConfigurationError(field: "tempo.\(field)", reason: reason) }
        }
        try check(minBPM.isFinite && minBPM >= 10, "min_bpm", "must be at least 10, got \(minBPM)")
        try check(maxBPM.isFinite && maxBPM > minBPM * 1.5, "max_bpm", "must exceed 1.5 × min_bpm, got \(maxBPM)")
        try check(maxBPM <= 600, "max_bpm", "must be at most 600, got \(maxBPM)")
        try check(priorCenterBPM > 0 && priorCenterBPM.isFinite, "prior_center_bpm", "must be positive")
        try check(priorWidthOctaves > 0 && priorWidthOctaves.isFinite, "prior_width_octaves", "must be positive")
        try check(octavePriorExponent >= 0 && octavePriorExponent.isFinite, "octave_prior_exponent", "must be ≥ 0")
        try check(beatTightness >= 0 && beatTightness.isFinite, "beat_tightness", "must be ≥ 0")
        try check(gridStepBPM > 0 && gridStepBPM <= 5, "grid_step_bpm", "must be in (0, 5], got \(gridStepBPM)")
        try check(
            (0...1).contains(alternativePeakRegularity), "alternative_peak_regularity",
            "must be in 0...1, got \(alternativePeakRegularity)")
    }

    /// The prior weight of `bpm`: exp(−½ (log2(bpm / centre) / width)²).
    func prior(_ bpm: Double) -> Double {
        let octaves = log2(bpm / priorCenterBPM) / priorWidthOctaves
        return exp(-0.5 * octaves * octaves)
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case minBPM = "min_bpm"
        case maxBPM = "max_bpm"
        case priorCenterBPM = "prior_center_bpm"
        case priorWidthOctaves = "prior_width_octaves"
        case octavePriorExponent = "octave_prior_exponent"
        case beatTightness = "beat_tightness"
        case gridStepBPM = "grid_step_bpm"
        case resolvesOctave = "resolves_octave"
        case alternativePeakRegularity = "alternative_peak_regularity"
    }

    /// Decodes the configuration's policy: a missing key takes the default, an unknown key is an error.
    /// - Throws: ``AnalysisConfigurationError`` naming an unknown key, `DecodingError` for a bad type.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.strictContainer(CodingKeys.self, error: AnalysisConfigurationError.init)
        self.init()
        minBPM = try c.decode(.minBPM, or: minBPM)
        maxBPM = try c.decode(.maxBPM, or: maxBPM)
        priorCenterBPM = try c.decode(.priorCenterBPM, or: priorCenterBPM)
        priorWidthOctaves = try c.decode(.priorWidthOctaves, or: priorWidthOctaves)
        octavePriorExponent = try c.decode(.octavePriorExponent, or: octavePriorExponent)
        beatTightness = try c.decode(.beatTightness, or: beatTightness)
        gridStepBPM = try c.decode(.gridStepBPM, or: gridStepBPM)
        resolvesOctave = try c.decode(.resolvesOctave, or: resolvesOctave)
        alternativePeakRegularity = try c.decode(.alternativePeakRegularity, or: alternativePeakRegularity)
    }
}
