import Foundation

/// Sends each finished report to every output the user asked for — `--jsonl`, `--out`, `--csv`
/// and the stdout table — so the CLI and services call one `write` per file.
///
/// An actor: analysis tasks call ``write(_:)`` concurrently as items finish. JSONL lines and
/// per-file records are durable when `write` returns; the CSV is written once, atomically, by
/// ``finish()``. When a JSONL output is given, the CSV is built from it at the end (the latest
/// record per file), so a resumed run's CSV covers the files of earlier runs too.
public actor ReportOutputs {
    private let jsonl: JSONLWriter?
    private let jsonlURL: URL?
    private let files: ReportFileWriter?
    private let csvURL: URL?
    private let keepsReports: Bool
    private var csvLines: [String: String] = [:]
    private var kept: [AnalysisReport] = []
    private var isFinished = false
    /// Records written by this run, per status.
    public private(set) var statusCounts: [ReportStatus: Int] = [:]
    /// Records written by this run that exited early.
    public private(set) var earlyExitCount = 0
    /// Total audio duration of this run's records, seconds (files with known duration).
    public private(set) var audioSeconds = 0.0

    /// Opens the outputs.
    /// - Parameters:
    ///   - jsonl: `--jsonl FILE`, appended to (a torn last line is repaired), or nil.
    ///   - truncateJSONL: Start the JSONL file empty (a run without `--resume`).
    ///   - outputDirectory: `--out DIR`, or nil.
    ///   - csv: `--csv FILE`, or nil.
    ///   - keepsReports: Keep every report in memory for ``finish()`` to return (the stdout table).
    /// - Throws: File-system errors opening the JSONL file.
    public init(
        jsonl: URL? = nil, truncateJSONL: Bool = false, outputDirectory: URL? = nil, csv: URL? = nil,
        keepsReports: Bool = false
    ) throws {
        if let csv { try AtomicFile.refuseNonRegularTarget(csv) }  // fail before any work, not at the end
        self.jsonl = try jsonl.map { try JSONLWriter(url: $0, truncate: truncateJSONL) }
        self.jsonlURL = jsonl
        self.files = outputDirectory.map { ReportFileWriter(outputDirectory: $0) }
        self.csvURL = csv
        self.keepsReports = keepsReports
    }

    /// Writes one report to every output.
    /// - Throws: ``ReportPathError``, `EncodingError` or file-system errors; a record that fails
    ///   to encode is written nowhere.
    public func write(_ report: AnalysisReport) async throws {
        _ = try ReportJSON.encodeLine(report)
        try await jsonl?.write(report)
        try files?.write(report)
        if csvURL != nil, jsonl == nil { csvLines[report.relativePath] = CSVSummary.line(for: report) }
        if keepsReports { kept.append(report) }
        statusCounts[report.status, default: 0] += 1
        if report.earlyExit != nil { earlyExitCount += 1 }
        if let duration = report.file?.durationSeconds, duration.isFinite { audioSeconds += duration }
    }

    /// Closes the JSONL file and writes the CSV. Call once, after the last ``write(_:)``; later
    /// calls do nothing and return an empty list.
    /// - Returns: The reports written, sorted by relative path, when `keepsReports`; else empty.
    /// - Throws: File-system errors.
    public func finish() async throws -> [AnalysisReport] {
        guard !isFinished else { return [] }
        isFinished = true
        try await jsonl?.close()
        if let csvURL {
            let lines = try jsonlURL.map(Self.csvLines(fromJSONL:)) ?? csvLines
            let sorted = lines.keys.sorted(by: PathOrder.precedes).compactMap { lines[$0] }
            let text = ([CSVSummary.headerLine] + sorted).joined(separator: "\n") + "\n"
            try AtomicFile.write(Data(text.utf8), to: csvURL)
        }
        return kept.sorted { PathOrder.precedes($0.relativePath, $1.relativePath) }
    }

    /// The CSV line of the latest record per relative path in a JSONL file (invalid lines skipped).
    static func csvLines(fromJSONL url: URL) throws -> [String: String] {
        var lines: [String: String] = [:]
        let decoder = JSONDecoder()
        try JSONLReader.forEachLine(in: url) { line in
            if let report = try? decoder.decode(AnalysisReport.self, from: line.bytes) {
                lines[report.relativePath] = CSVSummary.line(for: report)
            }
        }
        return lines
    }
}
