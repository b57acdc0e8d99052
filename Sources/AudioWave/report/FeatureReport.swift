/// The spectral and temporal features of a report, each summarised over frames.
///
/// Units: `spectralCentroid`, `spectralBandwidth` and `spectralRolloff` in Hz; `spectralFlatness`
/// in 0...1; `spectralFlux`, `rms` and `zeroCrossingRate` (crossings per sample) unitless.
public struct FeatureReport: Sendable, Codable, Hashable {
    /// Spectral centroid, Hz.
    public var spectralCentroid: ReportSummary
    /// Spectral bandwidth (second-order spread around the centroid), Hz.
    public var spectralBandwidth: ReportSummary
    /// Spectral roll-off frequency, Hz.
    public var spectralRolloff: ReportSummary
    /// Spectral flatness (geometric over arithmetic mean of the power spectrum), 0...1.
    public var spectralFlatness: ReportSummary
    /// Spectral flux between consecutive frames.
    public var spectralFlux: ReportSummary
    /// Frame RMS energy of the mono signal, linear full-scale.
    public var rms: ReportSummary
    /// Zero-crossing rate, crossings per sample.
    public var zeroCrossingRate: ReportSummary
    /// MFCC per-coefficient mean and std.
    public var mfcc: VectorSummary
    /// Chroma (12 pitch classes, C first) per-class mean and std.
    public var chroma: VectorSummary
    /// Spectral contrast per octave band (dB, peak over valley; the lowest band first, 7 bands), mean and
    /// standard deviation over frames. Absent in records written before analyzer 0.4.0.
    public var spectralContrast: VectorSummary?

    /// Creates a feature report from its summaries.
    public init(
        spectralCentroid: ReportSummary, spectralBandwidth: ReportSummary, spectralRolloff: ReportSummary,
        spectralFlatness: ReportSummary, spectralFlux: ReportSummary, rms: ReportSummary,
        zeroCrossingRate: ReportSummary, mfcc: VectorSummary, chroma: VectorSummary,
        spectralContrast: VectorSummary? = nil
    ) {
        self.spectralCentroid = spectralCentroid
        self.spectralBandwidth = spectralBandwidth
        self.spectralRolloff = spectralRolloff
        self.spectralFlatness = spectralFlatness
        self.spectralFlux = spectralFlux
        self.rms = rms
        self.zeroCrossingRate = zeroCrossingRate
        self.mfcc = mfcc
        self.chroma = chroma
        self.spectralContrast = spectralContrast
    }

    enum CodingKeys: String, CodingKey {
        case spectralCentroid = "spectral_centroid"
        case spectralBandwidth = "spectral_bandwidth"
        case spectralRolloff = "spectral_rolloff"
        case spectralFlatness = "spectral_flatness"
        case spectralFlux = "spectral_flux"
        case rms
        case zeroCrossingRate = "zero_crossing_rate"
        case mfcc
        case chroma
        case spectralContrast = "spectral_contrast"
    }
}
