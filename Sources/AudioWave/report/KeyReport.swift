/// Musical key, filled by key estimation and named by post-processing.
public struct KeyReport: Sendable, Codable, Hashable {
    /// Full name, e.g. `"A minor"`, `"F# major"`.
    public var name: String
    /// Tonic pitch class, e.g. `"A"`, `"F#"`, `"Bb"`.
    public var tonic: String
    /// Major or minor.
    public var mode: KeyMode
    /// Camelot wheel code, `"1A"` … `"12B"` (A = minor, B = major).
    public var camelot: String
    /// Open Key notation, `"1m"` … `"12d"` (m = minor, d = major).
    public var openKey: String
    /// Estimated tuning deviation from A440, cents (−50 ..< 50).
    public var tuningCents: Double
    /// Confidence of the estimate, 0...1.
    public var confidence: Double
    /// Alternative keys, best first.
    public var candidates: [KeyCandidateReport]
    /// Where the estimate comes from: the whole file (`full`) or the excerpt (`excerpt`: the key was
    /// confident on the excerpt and ended there, or the whole item exited early). Since 0.6.0; nil in older
    /// records.
    public var scope: AnalysisScope?

    /// Creates a key report.
    public init(
        name: String, tonic: String, mode: KeyMode, camelot: String, openKey: String,
        tuningCents: Double, confidence: Double, candidates: [KeyCandidateReport], scope: AnalysisScope? = .full
    ) {
        self.scope = scope
        self.name = name
        self.tonic = tonic
        self.mode = mode
        self.camelot = camelot
        self.openKey = openKey
        self.tuningCents = tuningCents
        self.confidence = confidence
        self.candidates = candidates
    }

    enum CodingKeys: String, CodingKey {
        case name, tonic, mode, camelot, confidence, candidates, scope
        case openKey = "open_key"
        case tuningCents = "tuning_cents"
    }
}

/// One key hypothesis with its profile-correlation score.
public struct KeyCandidateReport: Sendable, Codable, Hashable {
    /// Key name, e.g. `"A minor"`.
    public var name: String
    /// Correlation score of the key profile, −1...1.
    public var score: Double

    /// Creates a key candidate.
    public init(name: String, score: Double) {
        self.name = name
        self.score = score
    }
}

/// The mode of a musical key.
public enum KeyMode: String, Sendable, Codable, Hashable, CaseIterable {
    /// Major (Ionian).
    case major
    /// Natural minor (Aeolian).
    case minor
}
