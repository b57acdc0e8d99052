import Foundation

/// The scores of the files of one source (the truth table's `source` column), so that a gain on one
/// kind of music is not mistaken for a gain on all.
public struct SourceScores: Sendable, Codable, Hashable {
    /// The source's name as written in the truth table; "-" for rows that leave it empty.
    public var source: String
    /// Files of this source.
    public var files: Int
    /// Of those, files whose analysis threw.
    public var errors: Int
    /// Files with a tempo label.
    public var tempoFiles: Int
    /// Share of tempo-labelled files meeting ACC1; nil without tempo labels.
    public var acc1: Double?
    /// Share of tempo-labelled files meeting ACC2; nil without tempo labels.
    public var acc2: Double?
    /// Files with a key label.
    public var keyFiles: Int
    /// Mean MIREX weighted key score; nil without key labels.
    public var keyScore: Double?
    /// Tempo confidence calibration of this source's files (right = ACC1).
    public var tempoCalibration: ConfidenceCalibration
    /// Key confidence calibration of this source's files (right = exact key).
    public var keyCalibration: ConfidenceCalibration

    /// Scores `rows`, all of one source.
    public init(source: String, rows: [EvaluationRow], confidenceThreshold: Double) {
        self.source = source
        files = rows.count
        errors = rows.filter { $0.error != nil }.count
        let tempoRows = rows.filter { $0.acc1 != nil }
        let keyRows = rows.filter { $0.keyMatch != nil }
        tempoFiles = tempoRows.count
        keyFiles = keyRows.count
        func share(_ count: Int, of total: Int) -> Double? { total == 0 ? nil : Double(count) / Double(total) }
        acc1 = share(tempoRows.filter { $0.acc1 == true }.count, of: tempoRows.count)
        acc2 = share(tempoRows.filter { $0.acc2 == true }.count, of: tempoRows.count)
        keyScore = keyRows.isEmpty ? nil : keyRows.reduce(0) { $0 + ($1.keyScore ?? 0) } / Double(keyRows.count)
        tempoCalibration = ConfidenceCalibration(
            threshold: confidenceThreshold, items: tempoRows.map { ($0.tempoConfidence, $0.acc1 == true) })
        keyCalibration = ConfidenceCalibration(
            threshold: confidenceThreshold, items: keyRows.map { ($0.keyConfidence, $0.keyMatch == .correct) })
    }

    /// One entry per source in name order; empty when no row names a source (no `source` column).
    public static func breakdown(of rows: [EvaluationRow], confidenceThreshold: Double) -> [SourceScores] {
        guard rows.contains(where: { $0.source != nil }) else { return [] }
        let groups = Dictionary(grouping: rows) { $0.source ?? "-" }
        return groups.keys.sorted().map {
            SourceScores(source: $0, rows: groups[$0] ?? [], confidenceThreshold: confidenceThreshold)
        }
    }

    enum CodingKeys: String, CodingKey {
        case source, files, errors, acc1, acc2
        case tempoFiles = "tempo_files"
        case keyFiles = "key_files"
        case keyScore = "key_score"
        case tempoCalibration = "tempo_calibration"
        case keyCalibration = "key_calibration"
    }
}
