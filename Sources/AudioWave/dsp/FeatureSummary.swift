/// Summary statistics of one frame-wise feature over a file.
///
/// All fields are finite: non-finite frame values are ignored, and an empty series summarises to zeros with
/// `count == 0`. Percentiles interpolate linearly between order statistics (numpy's default `linear` method).
public struct FeatureSummary: Sendable, Codable, Hashable {
    /// Number of finite values summarised.
    public var count: Int
    /// Arithmetic mean.
    public var mean: Double
    /// Population standard deviation (divides by `count`, numpy's default).
    public var std: Double
    /// Smallest value.
    public var min: Double
    /// Largest value.
    public var max: Double
    /// 50th percentile.
    public var median: Double
    /// 10th percentile.
    public var p10: Double
    /// 90th percentile.
    public var p90: Double

    /// Creates a summary from its fields.
    public init(
        count: Int, mean: Double, std: Double, min: Double, max: Double, median: Double, p10: Double, p90: Double
    ) {
        self.count = count
        self.mean = mean
        self.std = std
        self.min = min
        self.max = max
        self.median = median
        self.p10 = p10
        self.p90 = p90
    }

    /// The summary of an empty series: all zeros.
    public static let empty = FeatureSummary(count: 0, mean: 0, std: 0, min: 0, max: 0, median: 0, p10: 0, p90: 0)

    /// Summarises a series of frame values.
    /// - Parameter values: one value per frame; NaN and infinities are skipped.
    /// - Returns: the summary, or ``empty`` when no finite value remains.
    public static func summarize(_ values: [Float]) -> FeatureSummary {
        var sorted = values.filter(\.isFinite)
        guard !sorted.isEmpty else { return .empty }
        sorted.sort()
        let n = sorted.count
        var sum: Double = 0
        for v in sorted { sum += Double(v) }
        let mean = sum / Double(n)
        var squares: Double = 0
        for v in sorted {
            let d = Double(v) - mean
            squares += d * d
        }
        func percentile(_ q: Double) -> Double {
            let position = q * Double(n - 1)
            let lower = Int(position)
            let upper = Swift.min(n - 1, lower + 1)
            let fraction = position - Double(lower)
            return Double(sorted[lower]) + (Double(sorted[upper]) - Double(sorted[lower])) * fraction
        }
        return FeatureSummary(
            count: n, mean: mean, std: (squares / Double(n)).squareRoot(), min: Double(sorted[0]),
            max: Double(sorted[n - 1]), median: percentile(0.5), p10: percentile(0.1), p90: percentile(0.9))
    }

    /// Per-dimension mean and population standard deviation of a frame-major matrix
    /// (`values[frame * dimension + index]`), e.g. MFCC or chroma; non-finite values are skipped.
    /// The same running moments as the streaming summaries (``RunningMoments``), fed every row.
    /// - Returns: `dimension` means and `dimension` standard deviations (zeros for an empty matrix).
    public static func columnMeansAndDeviations(_ values: [Float], dimension: Int) -> (mean: [Double], std: [Double]) {
        guard dimension > 0 else { return ([], []) }
        var moments = RunningMoments(dimension: dimension)
        for base in stride(from: 0, to: values.count - dimension + 1, by: dimension) { moments.add(values, at: base) }
        return moments.meansAndDeviations()
    }
}

/// Running mean and variance per dimension (Welford's algorithm, in Double), non-finite values skipped: the one
/// implementation of column statistics, for matrices kept whole (``FeatureSummary/columnMeansAndDeviations(_:dimension:)``)
/// and for rows reduced as they stream by (``StreamingSpectralSummary``).
struct RunningMoments {
    private var counts: [Int]
    private var means: [Double]
    private var squares: [Double]

    init(dimension: Int) {
        counts = [Int](repeating: 0, count: dimension)
        means = [Double](repeating: 0, count: dimension)
        squares = means
    }

    /// Adds one row: `dimension` values of `values` from `base`.
    mutating func add(_ values: [Float], at base: Int = 0) {
        for i in means.indices {
            let value = values[base + i]
            guard value.isFinite else { continue }
            counts[i] += 1
            let x = Double(value)
            let delta = x - means[i]
            means[i] += delta / Double(counts[i])
            squares[i] += delta * (x - means[i])
        }
    }

    /// Means and population standard deviations (zeros where nothing was added).
    func meansAndDeviations() -> (mean: [Double], std: [Double]) {
        (means, means.indices.map { counts[$0] > 0 ? max(0, squares[$0] / Double(counts[$0])).squareRoot() : 0 })
    }
}
