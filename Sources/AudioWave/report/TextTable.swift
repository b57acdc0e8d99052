/// The one plain-text table renderer (the `analyze` summary table, `audiowave info`): columns two
/// spaces apart, text left-aligned and numbers right-aligned where asked, no trailing spaces.
public enum TextTable {
    /// The table, one line per row, without a final newline.
    /// - Parameters:
    ///   - header: The column titles.
    ///   - rows: The cells; a short row leaves its last columns empty.
    ///   - rightAligned: Indexes of the columns aligned right (numbers).
    ///   - rule: Put a dashed rule under the header.
    public static func render(
        header: [String], rows: [[String]], rightAligned: Set<Int> = [], rule: Bool = false
    ) -> String {
        var widths = header.map(\.count)
        for row in rows {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], cell.count)
            }
        }
        func line(_ cells: [String]) -> String {
            var text = widths.indices.map { index in
                let cell = index < cells.count ? cells[index] : ""
                let padding = String(repeating: " ", count: widths[index] - cell.count)
                return rightAligned.contains(index) ? padding + cell : cell + padding
            }.joined(separator: "  ")
            while text.last == " " { text.removeLast() }
            return text
        }
        var lines = [line(header)]
        if rule { lines.append(line(widths.map { String(repeating: "-", count: $0) })) }
        lines += rows.map(line)
        return lines.joined(separator: "\n")
    }
}
