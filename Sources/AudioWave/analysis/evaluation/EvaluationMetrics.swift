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
