/// Which features an extraction computes.
///
/// Tempo and key read only the onset envelope, the chromagram and the RMS (for audible-frame weights);
/// ``onsetAndChroma`` computes just those, from the same STFT, mel and dB steps as ``all``, so tempo and
/// key come out identical either way while the spectral features, MFCC and contrast are skipped.
public enum FeatureScope: String, Sendable, Codable, Hashable, CaseIterable {
    /// Every feature, with per-file summaries.
    case all
    /// The onset envelope, chromagram, RMS and zero-crossing rate per frame; no summaries.
    case onsetAndChroma = "onset_and_chroma"
}
