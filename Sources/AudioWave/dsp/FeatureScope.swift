/// Which features an extraction computes.
///
/// Tempo and key read only the onset envelope, the chromagram and the RMS (for audible-frame weights);
/// ``onsetAndChroma`` computes just those, from the same STFT, mel and dB steps as ``all``, so tempo and
/// key come out identical either way while the spectral features, MFCC and contrast are skipped.
public enum FeatureScope: String, Sendable, Codable, Hashable, CaseIterable {
    /// Every feature, with per-file summaries.
    case all
    /// The onset envelope, RMS per frame and the chroma of every ``keyFrameStride``-th frame (all the key
    /// reads); no summaries.
    case onsetAndChroma = "onset_and_chroma"

    /// The key is a statistic of the whole span and reads the chroma of frames 0, 4, 8, … only (93 ms apart
    /// at 22050 Hz, hop 512), as `TempoKeyAnalyzer` does: a quarter of the chroma cost, and the same keys
    /// on the development set as every frame (MIREX 0.897 either way).
    public static let keyFrameStride = 4

    /// The chroma frames this scope computes: every frame for the reported features, every
    /// ``keyFrameStride``-th frame when only the key needs chroma.
    public var chromaFrameStride: Int { self == .all ? 1 : Self.keyFrameStride }
}
