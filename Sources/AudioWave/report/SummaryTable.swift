/// Renders reports as a plain-text table for a terminal: what `audiowave analyze` prints when no
/// output file is asked for.
///
/// Columns: `FILE, STATUS, DURATION, BPM, KEY, CAMELOT, LUFS, NOTE`; numbers right-aligned, text
/// left-aligned, columns separated by two spaces, no trailing spaces. `NOTE` says `early exit`,
/// `silent`, or the error code and message.
public enum SummaryTable {
    private enum Alignment { case left, right }

    private static let header: [(String, Alignment)] = [
        ("FILE", .left), ("STATUS", .left), ("DURATION", .right), ("BPM", .right),
        ("KEY", .left), ("CAMELOT", .left), ("LUFS", .right), ("NOTE", .left),
    ]

    /// The table for the reports in the given order, ending with a newline.
    /// - Parameter reports: The records.
    /// - Returns: Header, a dashed rule and one aligned line per report.
    public static func render(_ reports: [AnalysisReport]) -> String {
        let rows = reports.map(cells)
        var widths = header.map { $0.0.count }
        for row in rows {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        var lines = [line(header.map(\.0), widths: widths)]
        lines.append(line(widths.map { String(repeating: "-", count: $0) }, widths: widths))
        lines += rows.map { line($0, widths: widths) }
        return lines.joined(separator: "\n") + "\n"
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

    private static func line(_ cells: [String], widths: [Int]) -> String {
        var parts: [String] = []
        for (index, cell) in cells.enumerated() {
            let padding = String(repeating: " ", count: widths[index] - cell.count)
            parts.append(header[index].1 == .right ? padding + cell : cell + padding)
        }
        var text = parts.joined(separator: "  ")
        while text.last == " " { text.removeLast() }
        return text
    }
}
