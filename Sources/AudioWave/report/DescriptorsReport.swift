/// Rhythm and dynamics descriptors in the manner of essentia's (`OnsetRate`, `Danceability`,
/// `DynamicComplexity`, `BeatsLoudness`), measured on the span the initial analysis decoded: the
/// centred excerpt, or the whole file when it is no longer than the excerpt (``scope``).
public struct DescriptorsReport: Sendable, Codable, Hashable {
    /// `full` when the span is the whole file, `excerpt` otherwise.
    public var scope: AnalysisScope
    /// Where the span starts in the file, seconds.
    public var startSeconds: Double
    /// Length of the span, seconds.
    public var durationSeconds: Double
    /// Onsets per second (HFC and complex-domain detection functions combined, as essentia's `OnsetRate`).
    public var onsetRate: Double?
    /// Detrended-fluctuation danceability (Streich & Herrera 2005): about 0–3, higher is more danceable.
    public var danceability: Double?
    /// Mean absolute deviation of the short-term loudness from its global estimate, dB.
    public var dynamicComplexity: Double?
    /// The global loudness estimate of the dynamic complexity, dB.
    public var loudnessDB: Double?
    /// Mean energy of a 50 ms segment at each beat's attack; nil without tempo (beats).
    public var beatsLoudness: Double?
    /// Mean share of that energy in the bands 20–150, 150–400, 400–3200, 3200–7000 and 7000 Hz–Nyquist.
    public var beatsLoudnessBandRatio: [Double]?

    /// Creates a descriptors section.
    public init(
        scope: AnalysisScope, startSeconds: Double, durationSeconds: Double, onsetRate: Double?, danceability: Double?,
        dynamicComplexity: Double?, loudnessDB: Double?, beatsLoudness: Double?, beatsLoudnessBandRatio: [Double]?
    ) {
        self.scope = scope
        self.startSeconds = startSeconds
        self.durationSeconds = durationSeconds
        self.onsetRate = onsetRate
        self.danceability = danceability
        self.dynamicComplexity = dynamicComplexity
        self.loudnessDB = loudnessDB
        self.beatsLoudness = beatsLoudness
        self.beatsLoudnessBandRatio = beatsLoudnessBandRatio
    }

    enum CodingKeys: String, CodingKey {
        case scope
        case startSeconds = "start_s"
        case durationSeconds = "duration_s"
        case onsetRate = "onset_rate"
        case danceability
        case dynamicComplexity = "dynamic_complexity"
        case loudnessDB = "loudness_db"
        case beatsLoudness = "beats_loudness"
        case beatsLoudnessBandRatio = "beats_loudness_band_ratio"
    }

    /// Encodes every key; absent values are explicit JSON `null`, as in the rest of the report.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(scope, forKey: .scope)
        try container.encode(startSeconds, forKey: .startSeconds)
        try container.encode(durationSeconds, forKey: .durationSeconds)
        try container.encode(onsetRate, forKey: .onsetRate)
        try container.encode(danceability, forKey: .danceability)
        try container.encode(dynamicComplexity, forKey: .dynamicComplexity)
        try container.encode(loudnessDB, forKey: .loudnessDB)
        try container.encode(beatsLoudness, forKey: .beatsLoudness)
        try container.encode(beatsLoudnessBandRatio, forKey: .beatsLoudnessBandRatio)
    }
}
