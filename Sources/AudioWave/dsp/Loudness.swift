/// Loudness figures of a whole recording, per EBU R 128 / ITU-R BS.1770-4 — what an ingest service stores
/// to normalise playback.
///
/// A value that is minus infinity for silence (no gating block above −70 LUFS, a zero peak) is `nil`, so the
/// JSON never holds NaN or infinities: `integrated_lufs` is then `null`.
public struct Loudness: Sendable, Codable, Hashable {
    /// Integrated (gated) loudness over the whole programme, in LUFS; `nil` for silence.
    public var integratedLUFS: Double?
    /// Loudness range (EBU Tech 3342), in LU; 0 for programmes too short or too steady to have one.
    public var loudnessRangeLU: Double
    /// Largest absolute sample value over all channels, in dBFS; `nil` for digital silence.
    public var samplePeakDBFS: Double?
    /// Largest inter-sample (4× oversampled) peak over all channels, in dBTP; `nil` for digital silence.
    public var truePeakDBTP: Double?

    /// Creates a value from its fields.
    public init(integratedLUFS: Double?, loudnessRangeLU: Double, samplePeakDBFS: Double?, truePeakDBTP: Double?) {
        self.integratedLUFS = integratedLUFS
        self.loudnessRangeLU = loudnessRangeLU
        self.samplePeakDBFS = samplePeakDBFS
        self.truePeakDBTP = truePeakDBTP
    }

    enum CodingKeys: String, CodingKey {
        case integratedLUFS = "integrated_lufs"
        case loudnessRangeLU = "loudness_range_lu"
        case samplePeakDBFS = "sample_peak_dbfs"
        case truePeakDBTP = "true_peak_dbtp"
    }
}
