import AudioWaveDSP
import Foundation

/// How trustworthy high confidences are: of the items whose confidence reached the threshold, how
/// many were right, and what share of all labelled items they are.
public struct ConfidenceCalibration: Sendable, Codable, Hashable {
    /// The confidence threshold (default 0.95).
    public var threshold: Double
    /// Labelled items with confidence ≥ threshold.
    public var confidentCount: Int
    /// `confidentCount` over all labelled items, 0...1.
    public var share: Double
    /// Share of the confident items that were right (tempo: ACC1; key: exact key); nil when none.
    public var accuracy: Double?

    /// Computes the calibration from (confidence, right) pairs of labelled items.
    public init(threshold: Double, items: [(confidence: Double?, isRight: Bool)]) {
        self.threshold = threshold
        let confident = items.filter { ($0.confidence ?? 0) >= threshold }
        confidentCount = confident.count
        share = items.isEmpty ? 0 : Double(confident.count) / Double(items.count)
        accuracy = confident.isEmpty ? nil : Double(confident.filter(\.isRight).count) / Double(confident.count)
    }

    enum CodingKeys: String, CodingKey {
        case threshold, share, accuracy
        case confidentCount = "confident_count"
    }
}

/// Totals over an evaluation run.
public struct EvaluationTotals: Sendable, Codable, Hashable {
    /// Files evaluated.
    public var files: Int
    /// Files whose analysis threw.
    public var errors: Int
    /// Files with a tempo label.
    public var tempoFiles: Int
    /// Share of tempo-labelled files meeting ACC1.
    public var acc1: Double
    /// Share of tempo-labelled files meeting ACC2.
    public var acc2: Double
    /// Files with a key label.
    public var keyFiles: Int
    /// Mean MIREX weighted key score over key-labelled files.
    public var keyScore: Double
    /// Key-labelled files per MIREX category.
    public var keyCounts: [KeyMatch: Int]
    /// Tempo-labelled files that missed ACC1, per error class (every class present, 0 when none).
    public var tempoErrors: [TempoErrorClass: Int]
    /// Key-labelled files whose key was not exact, per error class (every class present).
    public var keyErrors: [KeyErrorClass: Int]
    /// Tempo confidence calibration (right = ACC1).
    public var tempoCalibration: ConfidenceCalibration
    /// Key confidence calibration (right = exact key).
    public var keyCalibration: ConfidenceCalibration
    /// Tempo confidence bins → share right (ACC1).
    public var tempoReliability: ReliabilityTable
    /// Key confidence bins → share right (exact key).
    public var keyReliability: ReliabilityTable
    /// Scores per truth-table source, in name order; empty without a `source` column.
    public var bySource: [SourceScores]
    /// Sum of the per-file analysis times, seconds.
    public var seconds: Double

    enum CodingKeys: String, CodingKey {
        case files, errors, acc1, acc2, seconds
        case tempoFiles = "tempo_files"
        case keyFiles = "key_files"
        case keyScore = "key_score"
        case keyCounts = "key_counts"
        case tempoCalibration = "tempo_calibration"
        case keyCalibration = "key_calibration"
        case tempoErrors = "tempo_errors"
        case keyErrors = "key_errors"
        case tempoReliability = "tempo_reliability"
        case keyReliability = "key_reliability"
        case bySource = "by_source"
    }
}

/// The result of ``Evaluation/run(entries:confidenceThreshold:estimate:)``: per-file rows and totals,
/// renderable as text or JSON.
public struct EvaluationReport: Sendable, Codable, Hashable {
    /// One row per file, in truth-table order.
    public var rows: [EvaluationRow]
    /// Totals.
    public var totals: EvaluationTotals

    /// Computes the totals of `rows`.
    public init(rows: [EvaluationRow], confidenceThreshold: Double = 0.95) {
        self.rows = rows
        let tempoRows = rows.filter { $0.acc1 != nil }
        let keyRows = rows.filter { $0.keyMatch != nil }
        var counts: [KeyMatch: Int] = [:]
        for match in KeyMatch.allCases { counts[match] = keyRows.filter { $0.keyMatch == match }.count }
        var tempoErrors: [TempoErrorClass: Int] = [:]
        for kind in TempoErrorClass.allCases { tempoErrors[kind] = tempoRows.filter { $0.tempoError == kind }.count }
        var keyErrors: [KeyErrorClass: Int] = [:]
        for kind in KeyErrorClass.allCases { keyErrors[kind] = keyRows.filter { $0.keyError == kind }.count }
        let tempoItems = tempoRows.map {
            (confidence: $0.estimatedBPM == nil ? nil : $0.tempoConfidence, isRight: $0.acc1 == true)
        }
        let keyItems = keyRows.map {
            (confidence: $0.estimatedKey == nil ? nil : $0.keyConfidence, isRight: $0.keyMatch == .correct)
        }
        func share(_ count: Int, of total: Int) -> Double { total == 0 ? 0 : Double(count) / Double(total) }
        totals = EvaluationTotals(
            files: rows.count,
            errors: rows.filter { $0.error != nil }.count,
            tempoFiles: tempoRows.count,
            acc1: share(tempoRows.filter { $0.acc1 == true }.count, of: tempoRows.count),
            acc2: share(tempoRows.filter { $0.acc2 == true }.count, of: tempoRows.count),
            keyFiles: keyRows.count,
            keyScore: keyRows.isEmpty ? 0 : keyRows.reduce(0) { $0 + ($1.keyScore ?? 0) } / Double(keyRows.count),
            keyCounts: counts,
            tempoErrors: tempoErrors,
            keyErrors: keyErrors,
            tempoCalibration: ConfidenceCalibration(threshold: confidenceThreshold, items: tempoItems),
            keyCalibration: ConfidenceCalibration(threshold: confidenceThreshold, items: keyItems),
            tempoReliability: ReliabilityTable(items: tempoItems),
            keyReliability: ReliabilityTable(items: keyItems),
            bySource: SourceScores.breakdown(of: rows, confidenceThreshold: confidenceThreshold),
            seconds: rows.reduce(0) { $0 + $1.seconds }
        )
    }

    /// A plain-text summary, one block per measure, after one line per file (`includingRows`) or one line
    /// per file that could not be analysed.
    public func renderText(includingRows: Bool = false) -> String {
        var lines: [String] = []
        if includingRows {
            for row in rows {
                var parts = [row.path]
                if let reference = row.referenceBPM {
                    let estimate =
                        row.estimatedBPM.map { format($0, 1) } ?? "none"
                        + (row.tempoUnavailableReason.map { " (\($0))" } ?? "")
                    let miss = row.tempoError.map { ", \($0.label)" } ?? ""
                    parts.append(
                        "bpm \(estimate) (ref \(format(reference, 1))\(miss), conf \(format(row.tempoConfidence, 2)))")
                }
                if let reference = row.referenceKey {
                    let estimate = row.estimatedKey ?? "none" + (row.keyUnavailableReason.map { " (\($0))" } ?? "")
                    parts.append(
                        "key \(estimate) (ref \(reference), \(row.keyMatch?.rawValue ?? "-"), conf \(format(row.keyConfidence, 2)))"
                    )
                }
                if let error = row.error { parts.append("error: \(error)") }
                lines.append(parts.joined(separator: "  "))
            }
            lines.append("")
        } else {
            // Files that could not be analysed are named even without the per-file rows.
            for row in rows { if let error = row.error { lines.append("error: \(error)") } }
        }
        let t = totals
        lines.append("files: \(t.files) (errors: \(t.errors)), analysis time \(format(t.seconds, 2)) s")
        lines.append("tempo: \(t.tempoFiles) files, ACC1 \(format(t.acc1, 3)), ACC2 \(format(t.acc2, 3))")
        let counts = KeyMatch.allCases.map { "\($0.rawValue) \(t.keyCounts[$0] ?? 0)" }.joined(separator: ", ")
        lines.append("key: \(t.keyFiles) files, MIREX score \(format(t.keyScore, 3)) (\(counts))")
        let tempoErrors = TempoErrorClass.allCases.map { "\($0.label) \(t.tempoErrors[$0] ?? 0)" }.joined(
            separator: ", ")
        lines.append("tempo errors: \(tempoErrors)")
        let keyErrors = KeyErrorClass.allCases.map { "\($0.rawValue) \(t.keyErrors[$0] ?? 0)" }.joined(separator: ", ")
        lines.append("key errors: \(keyErrors)")
        for (name, calibration) in [("tempo", t.tempoCalibration), ("key", t.keyCalibration)] {
            lines.append(
                "\(name) confidence ≥ \(format(calibration.threshold, 2)): \(calibration.confidentCount) files "
                    + "(\(format(calibration.share * 100, 1))%), accuracy \(calibration.accuracy.map { format($0, 3) } ?? "n/a")"
            )
        }
        lines += [""] + reliabilityLines()
        if !t.bySource.isEmpty { lines += [""] + sourceLines() }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The reliability table, tempo and key side by side: files and share right per confidence bin.
    private func reliabilityLines() -> [String] {
        let (tempo, key) = (totals.tempoReliability, totals.keyReliability)
        func cells(_ count: Int, _ accuracy: Double?) -> String {
            rightAligned("\(count)", 5) + "  " + rightAligned(format(accuracy, 3), 5)
        }
        func label(_ text: String) -> String { text.padding(toLength: 13, withPad: " ", startingAt: 0) }
        let header = ["tempo", "right", "key", "right"].map { rightAligned($0, 5) }.joined(separator: "  ")
        var lines = ["reliability (share right: tempo ACC1, key exact)", label("confidence") + header]
        for (index, name) in tempo.labels.enumerated() {
            let (t, k) = (tempo.bins[index], key.bins[index])
            lines.append(label(name) + cells(t.count, t.accuracy) + "  " + cells(k.count, k.accuracy))
        }
        let none =
            cells(tempo.unrated, tempo.unrated == 0 ? nil : 0) + "  " + cells(key.unrated, key.unrated == 0 ? nil : 0)
        lines.append(label("none") + none)
        return lines
    }

    /// One line per source: files, tempo-labelled files, ACC1, ACC2, key-labelled files, MIREX key score (the
    /// per-source calibration is in the JSON).
    private func sourceLines() -> [String] {
        let width = max(6, totals.bySource.map(\.source.count).max() ?? 0)
        func pad(_ text: String) -> String { text.padding(toLength: width, withPad: " ", startingAt: 0) }
        var lines = [pad("source") + "  files  tempo   ACC1   ACC2    key  MIREX"]
        for scores in totals.bySource {
            let cells = [
                "\(scores.files)", "\(scores.tempoFiles)", format(scores.acc1, 3), format(scores.acc2, 3),
                "\(scores.keyFiles)", format(scores.keyScore, 3),
            ]
            lines.append(pad(scores.source) + cells.map { "  " + rightAligned($0, 5) }.joined())
        }
        return lines
    }

    /// The report as pretty-printed JSON with snake_case keys and sorted keys.
    /// - Throws: an `EncodingError` only if a value cannot be encoded (non-finite numbers).
    public func renderJSON() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self)
    }

    private func rightAligned(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }

    private func format(_ value: Double?, _ digits: Int) -> String {
        guard let value else { return "-" }
        return String(format: "%.\(digits)f", value)
    }
}
