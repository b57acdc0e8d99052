/// The evidence behind one tempo estimate: every metrical level weighed, for the model-fitting script
/// (`scripts/fit_tempo_levels.py`) and for debugging. Not part of the report.
public struct TempoTrace: Sendable, Codable, Hashable {
    /// One metrical level (a tempogram peak, its half or its double) as the octave decision saw it.
    public struct Level: Sendable, Codable, Hashable {
        /// The level's tempo before refinement, BPM.
        public var bpm: Double
        /// The tempo refined from the beats tracked at this level, BPM.
        public var refinedBPM: Double
        /// Share of the inter-beat intervals within 5% of their median.
        public var regularity: Double
        /// Beat salience × alternation and half-difference penalties: ranks peaks that are not metrically related.
        public var salienceScore: Double
        /// ``TempoLevelModel`` features, in the order of ``TempoLevelModel/featureNames``.
        public var features: [Double]
        /// The model's utility w · features.
        public var utility: Double
        /// Beats tracked at this level.
        public var beatCount: Int
    }

    /// The levels of each tempogram peak tried, the strongest peak's first.
    public var families: [[Level]]
    /// The sharp tempogram's strongest peaks as [bpm, strength].
    public var sharpPeaks: [[Double]]
    /// acf⁺ at the strongest tempogram peak (``Tempogram/periodicities``).
    public var periodicity: Double
    /// Envelope frames.
    public var frameCount: Int
    /// Onsets per second (``TempoLevelModel/onsetRate(of:frameRate:)``).
    public var onsetRate: Double
    /// The envelope's 10th, 50th, 90th and 99th percentiles and maximum.
    public var envelopeQuantiles: [Double]
    /// The estimate reported, if any.
    public var estimate: TempoEstimate?

    enum CodingKeys: String, CodingKey {
        case families
        case sharpPeaks = "sharp_peaks"
        case periodicity
        case frameCount = "frame_count"
        case onsetRate = "onset_rate"
        case envelopeQuantiles = "envelope_quantiles"
        case estimate
    }
}
