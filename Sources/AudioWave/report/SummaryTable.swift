/// Renders reports as a plain-text table for a terminal: what `audiowave analyze` prints when no
/// output file is asked for.
///
/// Columns: `FILE, STATUS, DURATION, BPM, KEY, CAMELOT, LUFS, NOTE`; numbers right-aligned, text
/// left-aligned, columns separated by two spaces, no trailing spaces. `NOTE` says `early exit`,
/// `silent`, or the error code and message.
public enum SummaryTable {
    private static let header = ["FILE", "STATUS", "DURATION", "BPM", "KEY", "CAMELOT", "LUFS", "NOTE"]
    /// DURATION, BPM and LUFS.
    private static let numberColumns: Set<Int> = [2, 3, 6]

    /// The table for the reports in the given order, ending with a newline.
    /// - Parameter reports: The records.
    /// - Returns: Header, a dashed rule and one aligned line per report.
    public static func render(_ reports: [AnalysisReport]) -> String {
        TextTable.render(header: header, rows: reports.map(cells), rightAligned: numberColumns, rule: true) + "\n"
    }

    /// The cells of one report's row.
    static func cells(_ report: AnalysisReport) -> [String] {
        var note: [String] = []
        if let exit = report.earlyExit { note.append("early exit (\(exit.stage))") }
        if report.isSilent { note.append("silent") }
        if let error = report.error { note.append("\(error.code.rawValue): \(error.message)") }
        return [
            report.relativePath,
            report.status.rawValue,
            duration(report.file?.durationSeconds),
            CSVSummary.format(report.tempo?.bpm, decimals: 1),
            report.key?.name ?? "",
            report.key?.camelot ?? "",
            CSVSummary.format(report.loudness?.integratedLUFS, decimals: 1),
            note.joined(separator: "; "),
        ]
    }

    /// `m:ss.s` for durations, "" when unknown.
    static func duration(_ seconds: Double?) -> String {
        guard let seconds, seconds.isFinite, seconds >= 0 else { return "" }
        let tenths = Int((seconds * 10).rounded())
        let minutes = tenths / 600
        let rest = tenths % 600
        let secondsPart = rest / 10
        return "\(minutes):\(secondsPart < 10 ? "0" : "")\(secondsPart).\(rest % 10)"
    }
}
