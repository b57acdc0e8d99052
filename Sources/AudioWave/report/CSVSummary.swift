import Foundation

/// The flat `--csv` summary: one row per report, RFC 4180 quoting, `\n` line ends.
///
/// ``headerLine``, ``line(for:)`` and ``encodeRow(_:)`` return a row **without** its line end
/// (append `"\n"` when writing); ``render(_:)`` returns the whole table with line ends.
///
/// Columns, in order: `relative_path, status, duration_s, bpm, tempo_confidence, key, camelot,
/// key_confidence, key_unavailable_reason, integrated_lufs, early_exit_stage, error_code`. An absent value is an empty
/// field. Numbers use `.` as decimal separator whatever the locale.
public enum CSVSummary {
    /// The header row's column names.
    public static let columns = [
        "relative_path", "status", "duration_s", "bpm", "tempo_confidence", "key", "camelot",
        "key_confidence", "key_unavailable_reason", "integrated_lufs", "early_exit_stage", "error_code",
    ]

    /// The header row, without a line end.
    public static var headerLine: String { encodeRow(columns) }

    /// The fields of one report's row, unquoted, in ``columns`` order.
    /// - Parameter report: The record.
    /// - Returns: Twelve field values; absent values are empty strings.
    public static func fields(for report: AnalysisReport) -> [String] {
        [
            report.relativePath,
            report.status.rawValue,
            format(report.file?.durationSeconds, decimals: 3),
            format(report.tempo?.bpm, decimals: 2),
            format(report.tempo?.confidence, decimals: 3),
            report.key?.name ?? "",
            report.key?.camelot ?? "",
            format(report.key?.confidence, decimals: 3),
            report.keyUnavailableReason ?? "",
            format(report.loudness?.integratedLUFS, decimals: 2),
            report.earlyExit?.stage ?? "",
            report.error?.code.rawValue ?? "",
        ]
    }

    /// One report's row, quoted, without a line end.
    public static func line(for report: AnalysisReport) -> String {
        encodeRow(fields(for: report))
    }

    /// The whole table: header and one row per report, in the given order, each ending in `\n`.
    public static func render(_ reports: [AnalysisReport]) -> String {
        ([headerLine] + reports.map(line(for:))).joined(separator: "\n") + "\n"
    }

    /// Joins fields with commas, quoting each that needs it.
    /// - Parameter fields: Raw field values.
    /// - Returns: One CSV row without a line end (a quoted field may itself hold line breaks).
    public static func encodeRow(_ fields: [String]) -> String {
        fields.map(quote).joined(separator: ",")
    }

    /// Quotes a field when it holds a comma, a quote, a line break or edge spaces; quotes
    /// inside are doubled (RFC 4180 §2.6–2.7).
    public static func quote(_ field: String) -> String {
        let needsQuotes =
            field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
            || field.first == " " || field.last == " "
        guard needsQuotes else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Formats a finite number with fixed decimals, or "" for nil or non-finite values.
    static func format(_ value: Double?, decimals: Int) -> String {
        guard let value, value.isFinite else { return "" }
        return String(format: "%.\(decimals)f", value)
    }
}
