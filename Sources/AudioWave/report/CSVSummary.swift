import Foundation

/// The flat `--csv` summary: one row per report, RFC 4180 quoting, `\n` line ends.
///
/// ``headerLine``, ``line(for:)`` and ``encodeRow(_:)`` return a row **without** its line end
/// (append `"\n"` when writing); ``render(_:)`` returns the whole table with line ends.
///
/// Columns, in order: `relative_path, status, duration_s, bpm, tempo_confidence, key, camelot,
/// key_confidence, key_unavailable_reason, integrated_lufs, early_exit_stage, error_code, tags_status, tags_reason`
/// (the last two from `--write-tags`: ``TagsReport``). An absent value is an empty field. Numbers use `.` as decimal separator whatever the locale.
///
/// Text cells (a path, a key name, a reason, a code) that a spreadsheet would read as a formula — starting with `=`,
/// `+`, `-`, `@`, a tab or a carriage return — get a leading `'`, as OWASP's guidance on CSV injection says
/// (``neutralized(_:)``); numbers are never changed, so `-14.20` LUFS stays a number.
public enum CSVSummary {
    /// The header row's column names.
    public static let columns = [
        "relative_path", "status", "duration_s", "bpm", "tempo_confidence", "key", "camelot",
        "key_confidence", "key_unavailable_reason", "integrated_lufs", "early_exit_stage", "error_code",
        "tags_status", "tags_reason",
    ]

    /// The header row, without a line end.
    public static var headerLine: String { encodeRow(columns) }

    /// The fields of one report's row, unquoted, in ``columns`` order, text cells ``neutralized(_:)``.
    /// - Parameter report: The record.
    /// - Returns: Fourteen field values; absent values are empty strings.
    public static func fields(for report: AnalysisReport) -> [String] {
        [
            neutralized(report.relativePath),
            neutralized(report.status.rawValue),
            format(report.file?.durationSeconds, decimals: 3),
            format(report.tempo?.bpm, decimals: 2),
            format(report.tempo?.confidence, decimals: 3),
            neutralized(report.key?.name ?? ""),
            neutralized(report.key?.camelot ?? ""),
            format(report.key?.confidence, decimals: 3),
            neutralized(report.keyUnavailableReason ?? ""),
            format(report.loudness?.integratedLUFS, decimals: 2),
            neutralized(report.earlyExit?.stage ?? ""),
            neutralized(report.error?.code.rawValue ?? ""),
            neutralized(report.tags?.status.rawValue ?? ""),
            neutralized(report.tags?.reason ?? ""),
        ]
    }

    /// The characters that make a spreadsheet read a cell as a formula when they start it (OWASP, CSV injection).
    /// Unicode scalars, not characters: `"\r\n"` is one `Character`, and must count as a carriage return.
    static let formulaStarts: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]

    /// A text cell a spreadsheet will show as text: prefixed with `'` when it starts with `=`, `+`, `-`, `@`, a tab
    /// or a carriage return (a file named `=HYPERLINK(…).wav` or `-live.wav`); unchanged otherwise. For text cells
    /// only: the numbers this table writes must stay numbers.
    public static func neutralized(_ text: String) -> String {
        guard let first = text.unicodeScalars.first, formulaStarts.contains(first) else { return text }
        return "'" + text
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
    /// inside are doubled (RFC 4180 §2.6–2.7). Scalars are checked, not characters: `"\r\n"` is one `Character`.
    public static func quote(_ field: String) -> String {
        let needsQuotes =
            field.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
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
