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
