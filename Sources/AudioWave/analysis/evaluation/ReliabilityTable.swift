import Foundation

/// One confidence bin of a reliability table: how many labelled items had a confidence in the bin and
/// how many of them were right.
public struct ReliabilityBin: Sendable, Codable, Hashable {
    /// Lower edge, inside the bin.
    public var lower: Double
    /// Upper edge: outside the bin, except for the last bin, which ends at 1 inclusive.
    public var upper: Double
    /// Items whose confidence fell in the bin.
    public var count: Int
    /// Of those, the items that were right (tempo: ACC1; key: exact key).
    public var right: Int
    /// `right / count`; nil for an empty bin.
    public var accuracy: Double?
    /// Mean confidence of the bin's items; nil for an empty bin. A calibrated estimator has
    /// `accuracy ≈ meanConfidence` in every bin.
    public var meanConfidence: Double?

    enum CodingKeys: String, CodingKey {
        case lower, upper, count, right, accuracy
        case meanConfidence = "mean_confidence"
    }
}

/// Confidence bins → share right: the reliability diagram of M. H. DeGroot and S. E. Fienberg, "The
/// comparison and evaluation of forecasters", *The Statistician* 32, 1983, as a table. It shows whether
/// a confidence means what it says, not only at the one threshold ``ConfidenceCalibration`` reports.
public struct ReliabilityTable: Sendable, Codable, Hashable {
    /// The default edges. The top bin starts at 0.95 because that is the early-exit quality threshold and
    /// the calibration target (confidence ≥ 0.95 must be right ≥ 95% of the time).
    public static let defaultEdges: [Double] = [0, 0.2, 0.4, 0.6, 0.8, 0.95, 1]

    /// The bins, in increasing confidence.
    public var bins: [ReliabilityBin]
    /// Labelled items without a confidence (no estimate): wrong by definition and in no bin.
    public var unrated: Int

    /// Bins (confidence, right) pairs of labelled items. A confidence below the first edge goes to the first
    /// bin, one at or above the last edge to the last bin.
    /// - Parameters:
    ///   - edges: increasing bin edges, at least two (default ``defaultEdges``).
    ///   - items: one pair per labelled item; a nil confidence counts as ``unrated``.
    public init(edges: [Double] = ReliabilityTable.defaultEdges, items: [(confidence: Double?, isRight: Bool)]) {
        let edges = edges.count >= 2 ? edges : Self.defaultEdges
        var members = Array(repeating: [(confidence: Double, isRight: Bool)](), count: edges.count - 1)
        var unrated = 0
        for item in items {
            guard let confidence = item.confidence, confidence.isFinite else {
                unrated += 1
                continue
            }
            // The last edge whose value is ≤ confidence opens the bin; clamped to the first and last bins.
            let opening = edges.lastIndex { $0 <= confidence } ?? 0
            members[min(opening, edges.count - 2)].append((confidence, item.isRight))
        }
        bins = members.indices.map { index in
            let items = members[index]
            let right = items.filter(\.isRight).count
            return ReliabilityBin(
                lower: edges[index], upper: edges[index + 1], count: items.count, right: right,
                accuracy: items.isEmpty ? nil : Double(right) / Double(items.count),
                meanConfidence: items.isEmpty ? nil : items.reduce(0) { $0 + $1.confidence } / Double(items.count))
        }
        self.unrated = unrated
    }

    /// The bin labels, "[0.00, 0.20)" … "[0.95, 1.00]".
    var labels: [String] {
        bins.indices.map { index in
            let bin = bins[index]
            let closing = index == bins.count - 1 ? "]" : ")"
            return String(format: "[%.2f, %.2f", bin.lower, bin.upper) + closing
        }
    }
}
