import AudioWaveDSP

/// Tempo accuracy measures (F. Gouyon et al., "An experimental comparison of audio tempo induction
/// algorithms", *IEEE TASLP* 14(5), 2006).
public enum TempoAccuracy {
    /// ACC1: the estimate is within `tolerance` (relative, default 4%) of the reference.
    public static func isACC1(estimate: Double, reference: Double, tolerance: Double = 0.04) -> Bool {
        reference > 0 && abs(estimate - reference) <= tolerance * reference
    }

    /// ACC2: ACC1 against the reference or its double, triple, half or third (octave errors forgiven).
    public static func isACC2(estimate: Double, reference: Double, tolerance: Double = 0.04) -> Bool {
        [1.0, 2, 3, 0.5, 1.0 / 3].contains {
            isACC1(estimate: estimate, reference: reference * $0, tolerance: tolerance)
        }
    }
}

/// The MIREX key-detection categories and their weights.
public enum KeyMatch: String, Sendable, Codable, CodingKeyRepresentable, Hashable, CaseIterable {
    /// Same tonic and mode: 1.0.
    case correct
    /// Same mode, tonic a perfect fifth above or below: 0.5.
    case fifth
    /// Relative major/minor (C major ↔ A minor): 0.3.
    case relative
    /// Parallel major/minor (C major ↔ C minor): 0.2.
    case parallel
    /// Anything else, or no estimate: 0.
    case other

    /// Classifies an estimate against a reference.
    public init(estimate: MusicalKey?, reference: MusicalKey) {
        guard let estimate else {
            self = .other
            return
        }
        let interval = (estimate.tonic - reference.tonic + 12) % 12
        if estimate == reference {
            self = .correct
        } else if estimate.mode == reference.mode, interval == 5 || interval == 7 {
            self = .fifth
        } else if estimate == reference.relative {
            self = .relative
        } else if estimate == reference.parallel {
            self = .parallel
        } else {
            self = .other
        }
    }

    /// The MIREX weight: 1.0, 0.5, 0.3, 0.2 or 0.
    public var score: Double {
        switch self {
        case .correct: 1.0
        case .fifth: 0.5
        case .relative: 0.3
        case .parallel: 0.2
        case .other: 0
        }
    }
}

/// How a tempo estimate missed its reference (ACC1 failed), to tell metrical-level (octave) errors from
/// plain misses: the ACC2 factors of Gouyon et al. (2006), each within the same 4%.
public enum TempoErrorClass: String, Sendable, Codable, CodingKeyRepresentable, Hashable, CaseIterable {
    /// Twice the reference (a slow groove read at double tempo).
    case double
    /// Half the reference (a fast song read at half tempo).
    case half
    /// Three times the reference.
    case triple
    /// A third of the reference.
    case third
    /// Wrong, and not a metrical-level relative of the reference.
    case other
    /// No estimate at all (null tempo for a labelled file); "none" in JSON and text.
    case missing = "none"

    /// Classifies a miss; nil when the estimate is right (ACC1).
    /// - Parameters:
    ///   - estimate: the estimated tempo, nil when the analysis gave none.
    ///   - reference: the labelled tempo.
    public init?(estimate: Double?, reference: Double, tolerance: Double = 0.04) {
        guard let estimate else {
            self = .missing
            return
        }
        if TempoAccuracy.isACC1(estimate: estimate, reference: reference, tolerance: tolerance) { return nil }
        let factors: [(TempoErrorClass, Double)] = [(.double, 2), (.half, 0.5), (.triple, 3), (.third, 1.0 / 3)]
        self =
            factors.first {
                TempoAccuracy.isACC1(estimate: estimate, reference: reference * $0.1, tolerance: tolerance)
            }?.0 ?? .other
    }

    /// The label used in the text summary: ×2, ×½, ×3, ×⅓, other, none.
    public var label: String {
        switch self {
        case .double: "×2"
        case .half: "×½"
        case .triple: "×3"
        case .third: "×⅓"
        case .other: "other"
        case .missing: "none"
        }
    }
}

/// How a key estimate missed its reference: the MIREX categories other than `correct`, with a missing
/// estimate (null key, e.g. atonal input) kept apart from a wrong one. MIREX scores both as 0.
public enum KeyErrorClass: String, Sendable, Codable, CodingKeyRepresentable, Hashable, CaseIterable {
    /// Same mode, tonic a perfect fifth above or below.
    case fifth
    /// Relative major/minor.
    case relative
    /// Parallel major/minor.
    case parallel
    /// Any other key.
    case other
    /// No estimate at all (null key for a labelled file); "none" in JSON and text.
    case missing = "none"

    /// Classifies a miss; nil when the estimate is the reference key.
    public init?(estimate: MusicalKey?, reference: MusicalKey) {
        guard let estimate else {
            self = .missing
            return
        }
        switch KeyMatch(estimate: estimate, reference: reference) {
        case .correct: return nil
        case .fifth: self = .fifth
        case .relative: self = .relative
        case .parallel: self = .parallel
        case .other: self = .other
        }
    }
}
