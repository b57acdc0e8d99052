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
    /// The JSONL file, when the JSONL output is a file (the CSV is then built from it).
    private let jsonlURL: URL?
    private let files: ReportFileWriter?
    private let csv: ReportDestination?
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
    /// Records written by this run with a `tags` section (`--write-tags`), per tags status.
    public private(set) var tagStatusCounts: [TagsReport.Status: Int] = [:]

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
        try self.init(
            jsonl: jsonl.map(ReportDestination.file), truncateJSONL: truncateJSONL, outputDirectory: outputDirectory,
            csv: csv.map(ReportDestination.file), keepsReports: keepsReports)
    }

    /// Opens the outputs, any of the JSONL and CSV on standard output (`--jsonl -`, `--csv -`).
    /// - Parameters:
    ///   - jsonl: Where the JSONL lines go, or nil; a file is appended to (a torn last line is repaired).
    ///   - truncateJSONL: Start a JSONL file empty (a run without `--resume`).
    ///   - outputDirectory: `--out DIR`, or nil.
    ///   - csv: Where the CSV goes (at ``finish()``), or nil.
    ///   - keepsReports: Keep every report in memory for ``finish()`` to return (the stdout table).
    /// - Throws: ``AtomicFileError`` for a CSV path that is not a regular file, file-system errors opening the
    ///   JSONL file.
    public init(
        jsonl: ReportDestination?, truncateJSONL: Bool = false, outputDirectory: URL? = nil,
        csv: ReportDestination?, keepsReports: Bool = false
    ) throws {
        if case .file(let url) = csv { try AtomicFile.refuseNonRegularTarget(url) }  // fail before any work
        switch jsonl {
        case .file(let url):
            self.jsonl = try JSONLWriter(url: url, truncate: truncateJSONL)
            self.jsonlURL = url
        case .standardOutput:
            self.jsonl = JSONLWriter(stream: FileHandle.standardOutput)
            self.jsonlURL = nil
        case nil:
            self.jsonl = nil
            self.jsonlURL = nil
        }
        self.files = outputDirectory.map { ReportFileWriter(outputDirectory: $0) }
        self.csv = csv
        self.keepsReports = keepsReports
    }

    /// Writes one report to every output.
    /// - Throws: ``ReportPathError``, `EncodingError` or file-system errors; a record that fails
    ///   to encode is written nowhere.
    public func write(_ report: AnalysisReport) async throws {
        _ = try ReportJSON.encodeLine(report)
        try await jsonl?.write(report)
        try files?.write(report)
        if csv != nil, jsonlURL == nil { csvLines[report.relativePath] = CSVSummary.line(for: report) }
        if keepsReports { kept.append(report) }
        statusCounts[report.status, default: 0] += 1
        if report.earlyExit != nil { earlyExitCount += 1 }
        if let duration = report.file?.durationSeconds, duration.isFinite { audioSeconds += duration }
        if let tags = report.tags { tagStatusCounts[tags.status, default: 0] += 1 }
    }

    /// Closes the JSONL file and writes the CSV. Call once, after the last ``write(_:)``; later
    /// calls do nothing and return an empty list.
    /// - Returns: The reports written, sorted by relative path, when `keepsReports`; else empty.
    /// - Throws: File-system errors.
    public func finish() async throws -> [AnalysisReport] {
        guard !isFinished else { return [] }
        isFinished = true
        try await jsonl?.close()
        if let csv {
            let lines = try jsonlURL.map(Self.csvLines(fromJSONL:)) ?? csvLines
            let sorted = lines.keys.sorted(by: PathOrder.precedes).compactMap { lines[$0] }
            let text = Data((([CSVSummary.headerLine] + sorted).joined(separator: "\n") + "\n").utf8)
            switch csv {
            case .file(let url): try AtomicFile.write(text, to: url)
            case .standardOutput: try FileHandle.standardOutput.write(contentsOf: text)
            }
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

/// Where ``ReportOutputs`` writes its JSONL lines or its CSV.
public enum ReportDestination: Sendable, Hashable {
    /// A file: JSONL appended and synced per line, the CSV replaced atomically.
    case file(URL)
    /// Standard output (`-` on the command line): the JSONL lines as they finish, the CSV at the end.
    case standardOutput
}
