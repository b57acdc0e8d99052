import AudioWaveDSP

/// One scored key hypothesis.
public struct KeyCandidate: Sendable, Codable, Hashable {
    /// The key.
    public var key: MusicalKey
    /// Pearson correlation between the track's chroma and the key's profile, in −1...1.
    public var score: Double

    /// Creates a candidate.
    public init(key: MusicalKey, score: Double) {
        self.key = key
        self.score = score
    }
}

/// The estimated key of a track, with its spellings, confidence and runners-up.
public struct KeyEstimate: Sendable, Codable, Hashable {
    /// The winning key.
    public var key: MusicalKey
    /// Deviation of the tuning from A440 reported by the chroma, in cents.
    public var tuningCents: Double
    /// Confidence in 0...1; ≥ 0.95 was right (exact key) on every such item of the development set.
    public var confidence: Double
    /// The best three keys, best first, with their correlation scores.
    public var candidates: [KeyCandidate]
    /// The profile that produced the scores.
    public var profile: KeyProfile

    /// Creates an estimate.
    public init(
        key: MusicalKey, tuningCents: Double, confidence: Double, candidates: [KeyCandidate], profile: KeyProfile
    ) {
        self.key = key
        self.tuningCents = tuningCents
        self.confidence = confidence
        self.candidates = candidates
        self.profile = profile
    }

    /// The name with sharps, e.g. "F# minor".
    public var name: String { key.name }
    /// The tonic's name with sharps, e.g. "F#".
    public var tonic: String { key.tonicName }
    /// The mode.
    public var mode: MusicalKey.Mode { key.mode }
    /// Camelot code, e.g. "11A".
    public var camelot: String { key.camelot }
    /// Open Key code, e.g. "4m".
    public var openKey: String { key.openKey }
}
