/// Tempo and beats, filled by initial (excerpt) or deep (full-track) analysis.
public struct TempoReport: Sendable, Codable, Hashable {
    /// Estimated tempo, beats per minute.
    public var bpm: Double
    /// Confidence of the estimate, 0...1.
    public var confidence: Double
    /// Beat times, seconds from the start of the file, ascending.
    public var beats: [Double]
    /// Alternative tempi, strongest first (usually including the chosen one).
    public var candidates: [TempoCandidateReport]
    /// Where the estimate comes from: the whole file (`full`) or the excerpt (`excerpt`: the tempo was
    /// confident on the excerpt and ended there, or the whole item exited early). Since 0.6.0; nil in older
    /// records.
    public var scope: AnalysisScope?

    /// Creates a tempo report.
    public init(
        bpm: Double, confidence: Double, beats: [Double], candidates: [TempoCandidateReport],
        scope: AnalysisScope? = .full
    ) {
        self.bpm = bpm
        self.confidence = confidence
        self.beats = beats
        self.candidates = candidates
        self.scope = scope
    }
}

/// One ranked tempo hypothesis.
public struct TempoCandidateReport: Sendable, Codable, Hashable {
    /// Tempo in BPM.
    public var bpm: Double
    /// Tempogram strength (prior included) relative to the strongest peak, in 0...1.
    public var strength: Double

    /// Creates a candidate.
    public init(bpm: Double, strength: Double) {
        self.bpm = bpm
        self.strength = strength
    }
}
