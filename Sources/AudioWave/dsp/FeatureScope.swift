/// Which features an extraction computes.
///
/// Tempo reads the onset envelope, the key the chromagram; both read the RMS (for audible-frame weights).
/// ``onsetAndChroma``, ``onset`` and ``chroma`` compute just those, from the same STFT, mel and dB steps as
/// ``all``, so tempo and key come out identical whichever scope computed them, while the spectral
/// features, MFCC and contrast are skipped (and, in ``onset`` and ``chroma``, the other of the two).
public enum FeatureScope: String, Sendable, Codable, Hashable, CaseIterable {
    /// Every feature, with per-file summaries.
    case all
    /// The onset envelope, RMS per frame and the chroma of every ``keyFrameStride``-th frame (all the key
    /// reads); no summaries.
    case onsetAndChroma = "onset_and_chroma"
    /// The onset envelope and RMS only: what tempo reads when the key is settled.
    case onset
    /// The chroma of every ``keyFrameStride``-th frame and RMS only: what the key reads when tempo is settled.
    case chroma

    /// The key is a statistic of the whole span and reads the chroma of frames 0, 4, 8, … only (93 ms apart
    /// at 22050 Hz, hop 512), as `TempoKeyAnalyzer` does: a quarter of the chroma cost, and the same keys
    /// on the development set as every frame (MIREX 0.897 either way).
    public static let keyFrameStride = 4

    /// The chroma frames this scope computes: every frame for the reported features, every
    /// ``keyFrameStride``-th frame when only the key needs chroma.
    public var chromaFrameStride: Int { self == .all ? 1 : Self.keyFrameStride }

    /// Whether the scope computes the onset envelope (and so the mel spectrogram it derives from).
    public var computesOnsetEnvelope: Bool { self != .chroma }

    /// Whether the scope computes the chromagram (and the tuning it needs).
    public var computesChroma: Bool { self != .onset }

    /// The smallest scope that computes everything each of `scopes` does; nil for none.
    public static func covering(_ scopes: [FeatureScope]) -> FeatureScope? {
        guard !scopes.isEmpty else { return nil }
        if scopes.contains(.all) { return .all }
        let onset = scopes.contains { $0.computesOnsetEnvelope }
        let chroma = scopes.contains { $0.computesChroma }
        return onset && chroma ? .onsetAndChroma : onset ? .onset : .chroma
    }
}
