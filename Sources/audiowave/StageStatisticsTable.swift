import Foundation
import StageEngine

/// `analyze --stats`: the engine's per-stage figures for the run, on stderr after the summary.
enum StageStatisticsTable {
    /// One line per stage that ran, in stage order: runs counted, failures, retries, and the p50, p90
    /// and p99 durations (from the engine's fixed-size histogram, within 0.1 %).
    static func render(_ statistics: BatchStatistics) -> String {
        let header = ["stage", "count", "failed", "retries", "p50 ms", "p90 ms", "p99 ms"]
        var rows: [[String]] = []
        for stage in Stage.allCases {
            guard let figures = statistics.figures(for: stage) else { continue }
            rows.append(
                [
                    stage.rawValue, String(figures.completed + figures.failed), String(figures.failed),
                    String(figures.retries), milliseconds(figures.p50Ms), milliseconds(figures.p90Ms),
                    milliseconds(figures.p99Ms),
                ])
        }
        guard !rows.isEmpty else { return "stage statistics: no stage ran\n" }
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.indices.map { column in
                let padding = String(repeating: " ", count: widths[column] - cells[column].count)
                return column == 0 ? cells[column] + padding : padding + cells[column]
            }
            .joined(separator: "  ")
        }
        return (["stage statistics:", line(header)] + rows.map(line)).joined(separator: "\n") + "\n"
    }

    private static func milliseconds(_ value: Double) -> String {
        String(format: "%.1f", value)
    }
}
