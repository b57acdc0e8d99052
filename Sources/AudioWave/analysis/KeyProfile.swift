import AudioWaveDSP
import Foundation

/// A key profile: the expected weight of each of the twelve pitch classes in a major and a minor key,
/// relative to the tonic (index 0 = tonic, 7 = perfect fifth).
///
/// Key estimation correlates a track's aggregated chroma with the 24 rotations of these profiles
/// (Krumhansl–Schmuckler key finding). Values are the published numbers, cited per case.
public enum KeyProfile: String, Sendable, Codable, Hashable, CaseIterable {
    /// Krumhansl & Kessler (1982) probe-tone ratings, as tabulated in C. L. Krumhansl, *Cognitive
    /// Foundations of Musical Pitch*, Oxford University Press, 1990, table 2.1.
    case krumhanslKessler = "krumhansl"
    /// D. Temperley, "What's key for key? The Krumhansl–Schmuckler key-finding algorithm
    /// reconsidered", *Music Perception* 17(1):65–100, 1999 (revised profiles).
    case temperley = "temperley"
    /// D. Temperley's corpus profiles from the Kostka–Payne harmony textbook excerpts, as submitted to
    /// MIREX 2005 and published in D. Temperley, *Music and Probability*, MIT Press, 2007, p. 53.
    case temperleyKostkaPayne = "temperley2005"
    /// Á. Faraldo, E. Gómez, S. Jordà, P. Herrera, "Key Estimation in Electronic Dance Music",
    /// Proc. ECIR 2016 ("edma": profiles derived automatically from an EDM corpus).
    case edma = "edma"
    /// I. Shaath, *Estimation of Key in Digital Music Recordings*, MSc thesis, Birkbeck College,
    /// University of London, 2011 (Krumhansl's profiles tuned on popular and electronic music).
    case shaath = "shaath"
    /// H. Bellman, "About the determination of key of a musical excerpt", *Proc. CMMR 2005*,
    /// LNCS 3902, pp. 76–91 (profiles from chord statistics compiled by Budge, 1943).
    case bellmanBudge = "bellman-budge"
    /// K. Noland & M. Sandler, "Signal processing parameters for tonality estimation",
    /// *AES 122nd Convention*, 2007 (profiles from J. S. Bach's *Well-Tempered Clavier*).
    case noland = "noland"

    /// The profile used when none is chosen: the one that measured best on the development set
    /// (`bench/README.md` holds the figures).
    public static let `default`: KeyProfile = .temperleyKostkaPayne

    /// Weights for a major key, tonic first.
    public var major: [Double] {
        switch self {
        case .krumhanslKessler: [6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88]
        case .temperley: [5.0, 2.0, 3.5, 2.0, 4.5, 4.0, 2.0, 4.5, 2.0, 3.5, 1.5, 4.0]
        case .temperleyKostkaPayne:
            [0.748, 0.060, 0.488, 0.082, 0.670, 0.460, 0.096, 0.715, 0.104, 0.366, 0.057, 0.400]
        case .edma:
            [
                0.16519551, 0.04749026, 0.08293076, 0.06687112, 0.09994645, 0.09274123,
                0.05294487, 0.13159476, 0.05218986, 0.07443653, 0.06940723, 0.0642515,
            ]
        case .shaath: [6.6, 2.0, 3.5, 2.3, 4.6, 4.0, 2.5, 5.2, 2.4, 3.7, 2.3, 3.4]
        case .bellmanBudge: [16.80, 0.86, 12.95, 1.41, 13.49, 11.93, 1.25, 20.28, 1.80, 8.04, 0.62, 10.57]
        case .noland:
            [0.0629, 0.0146, 0.0610, 0.0121, 0.0623, 0.0414, 0.0248, 0.0631, 0.0150, 0.0521, 0.0142, 0.0478]
        }
    }

    /// Weights for a minor key, tonic first.
    public var minor: [Double] {
        switch self {
        case .krumhanslKessler: [6.33, 2.68, 3.52, 5.38, 2.60, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17]
        case .temperley: [5.0, 2.0, 3.5, 4.5, 2.0, 4.0, 2.0, 4.5, 3.5, 2.0, 1.5, 4.0]
        case .temperleyKostkaPayne:
            [0.712, 0.084, 0.474, 0.618, 0.049, 0.460, 0.105, 0.747, 0.404, 0.067, 0.133, 0.330]
        case .edma:
            [
                0.17235348, 0.05336489, 0.0761009, 0.10043649, 0.05621498, 0.08527853,
                0.0497915, 0.13451001, 0.07458916, 0.05003023, 0.09187879, 0.05545106,
            ]
        case .shaath: [6.5, 2.7, 3.5, 5.4, 2.6, 3.5, 2.5, 5.2, 4.0, 2.7, 4.3, 3.2]
        case .bellmanBudge: [18.16, 0.69, 12.99, 13.34, 1.07, 11.15, 1.38, 21.07, 7.49, 1.53, 0.92, 10.21]
        case .noland:
            [0.0682, 0.0138, 0.0543, 0.0519, 0.0234, 0.0544, 0.0176, 0.0670, 0.0349, 0.0297, 0.0401, 0.0270]
        }
    }

    /// The weights for `mode`, tonic first.
    public func weights(for mode: MusicalKey.Mode) -> [Double] {
        mode == .major ? major : minor
    }

    /// The profile with each pitch class's upper partials folded in, so that it matches chroma
    /// computed from harmonic sounds rather than from pure tones.
    ///
    /// Partial *k* (1…`partialCount`) of pitch class *p* lands on pitch class *p* + round(12·log2 *k*)
    /// with weight `decay`^(k−1); the expanded weight of pitch class *q* is
    /// Σₚ Σₖ profile[p]·decay^(k−1)·[p + offset(k) ≡ q]. This is the idea of Gómez's polyphonic
    /// profiles (E. Gómez, "Tonal description of polyphonic audio for music content processing",
    /// *INFORMS J. Computing* 18(3), 2006), applied to the note profile directly.
    func harmonicallyExpanded(_ weights: [Double], decay: Double, partialCount: Int = 6) -> [Double] {
        var out = [Double](repeating: 0, count: 12)
        var gain = 1.0
        for partial in 1...max(1, partialCount) {
            let offset = Int((12 * log2(Double(partial))).rounded()) % 12
            for pitchClass in 0..<12 {
                out[(pitchClass + offset) % 12] += gain * weights[pitchClass]
            }
            gain *= decay
        }
        return out
    }
}
