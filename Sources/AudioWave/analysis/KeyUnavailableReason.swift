import AudioWaveDSP

/// Why ``KeyEstimator`` gives no key: an answer in its own right, never replaced by a guess.
public enum KeyUnavailableReason: String, Error, Sendable, Codable, Hashable, CaseIterable {
    /// Less than ``KeyEstimator/minimumAudibleSeconds`` of audible signal: too little to hear a key in
    /// (a one-sample file, a short blip in silence).
    case tooShort = "too_short"
    /// The pitch-class content is too even to hold a key: clicks, drum grooves, noise (see
    /// ``TonalityMeasure``).
    case noTonalContent = "no_tonal_content"
}
