/// Summary statistics of one scalar feature over all analysis frames of a file.
///
/// Filled by the aggregation stage from the per-frame values of a feature (the DSP engineer's
/// `FeatureSummary` maps onto it one to one). Percentiles use the same convention as the
/// aggregation code; a file of silence gives zeros, never NaN.
public struct ReportSummary: Sendable, Codable, Hashable {
    /// Arithmetic mean over frames.
    public var mean: Double
    /// Population standard deviation over frames.
    public var std: Double
    /// Smallest frame value.
    public var min: Double
    /// Largest frame value.
    public var max: Double
    /// 50th percentile.
    public var median: Double
    /// 10th percentile.
    public var p10: Double
    /// 90th percentile.
    public var p90: Double

    /// Creates a summary from its seven statistics.
    public init(mean: Double, std: Double, min: Double, max: Double, median: Double, p10: Double, p90: Double) {
        self.mean = mean
        self.std = std
        self.min = min
        self.max = max
        self.median = median
        self.p10 = p10
        self.p90 = p90
    }

    /// The summary of no frames or of a constant zero signal: every statistic is 0.
    public static let zero = ReportSummary(mean: 0, std: 0, min: 0, max: 0, median: 0, p10: 0, p90: 0)
}

/// Per-coefficient mean and standard deviation of a vector feature (MFCC, chroma).
public struct VectorSummary: Sendable, Codable, Hashable {
    /// Mean of each coefficient over frames (`mean[i]` for coefficient `i`).
    public var mean: [Double]
    /// Population standard deviation of each coefficient over frames, same length as `mean`.
    public var std: [Double]

    /// Creates a vector summary; `mean` and `std` should have the same length.
    public init(mean: [Double], std: [Double]) {
        self.mean = mean
        self.std = std
    }
}

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
