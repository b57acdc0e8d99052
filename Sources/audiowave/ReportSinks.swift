import AudioWave
import Foundation

/// Where reports go: a JSONL stream, a folder of JSON files, a CSV table, or a table on stdout.
actor ReportSinks {
    private let jsonl: JSONLWriter?
    private let folder: ReportFileWriter?
    private let csv: FileHandle?
    private let printsTable: Bool
    private var collected: [AnalysisReport] = []

    init(jsonl: String?, out: String?, csv: String?, appends: Bool, printsTable: Bool) throws {
        self.jsonl = try jsonl.map { try JSONLWriter(url: URL(fileURLWithPath: $0), truncate: !appends) }
        self.folder = out.map { ReportFileWriter(outputDirectory: URL(fileURLWithPath: $0)) }
        if let csv {
            let exists = FileManager.default.fileExists(atPath: csv)
            if !appends || !exists {
                _ = FileManager.default.createFile(atPath: csv, contents: Data((CSVSummary.headerLine + "\n").utf8))
            }
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: csv))
            try handle.seekToEnd()
            self.csv = handle
        } else {
            self.csv = nil
        }
        self.printsTable = printsTable
    }

    /// Writes one report everywhere it is wanted.
    func write(_ report: AnalysisReport) async throws {
        try await jsonl?.write(report)
        _ = try folder?.write(report)
        try csv?.write(contentsOf: Data((CSVSummary.line(for: report) + "\n").utf8))
        if printsTable { collected.append(report) }
    }

    /// Flushes and closes the files.
    func close() async throws {
        try await jsonl?.close()
        try csv?.synchronize()
        try csv?.close()
    }

    /// The summary table for stdout, when no file output was asked for.
    func table() -> String? {
        printsTable ? SummaryTable.render(collected.sorted { $0.relativePath < $1.relativePath }) : nil
    }
}
