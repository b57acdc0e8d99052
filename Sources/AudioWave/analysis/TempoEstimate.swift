import AudioWaveDSP

/// One ranked tempo hypothesis.
public struct TempoCandidate: Sendable, Codable, Hashable {
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

/// The estimated tempo and beats of a track.
public struct TempoEstimate: Sendable, Codable, Hashable {
    /// Tempo in BPM, rounded to 0.1, refined from the tracked beats.
    public var bpm: Double
    /// Confidence in 0...1 that `bpm` is within 4% of the true tempo (see
    /// ``TempoEstimator`` for how it is computed and calibrated).
    public var confidence: Double
    /// Beat times in seconds from the start of the analysed signal.
    public var beats: [Double]
    /// Up to three candidates, the chosen tempo first, then the strongest other tempogram peaks.
    public var candidates: [TempoCandidate]

    /// Creates an estimate.
    public init(bpm: Double, confidence: Double, beats: [Double], candidates: [TempoCandidate]) {
        self.bpm = bpm
        self.confidence = confidence
        self.beats = beats
        self.candidates = candidates
    }
}
