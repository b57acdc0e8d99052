import AudioWaveReport
import Foundation

/// What an earlier run recorded about one file, as far as resuming is concerned.
public struct ResumeEntry: Sendable, Hashable {
    /// The file's relative path.
    public var relativePath: String
    /// The recorded outcome.
    public var status: ReportStatus
    /// Size and modification time when it was analysed (nil if it could not be stat'ed).
    public var source: SourceFacts?
    /// AudioWave version of the record.
    public var analyzerVersion: String
    /// Configuration hash of the record.
    public var configHash: String

    /// Creates an entry.
    public init(
        relativePath: String, status: ReportStatus, source: SourceFacts?, analyzerVersion: String, configHash: String
    ) {
        self.relativePath = relativePath
        self.status = status
        self.source = source
        self.analyzerVersion = analyzerVersion
        self.configHash = configHash
    }

    /// The entry of a report.
    public init(_ report: AnalysisReport) {
        self.init(
            relativePath: report.relativePath, status: report.status, source: report.source,
            analyzerVersion: report.analyzerVersion, configHash: report.configHash)
    }
}

/// The records of earlier runs, answering `--resume`: may this file be skipped?
///
/// A file is skipped when a record exists for its relative path with the same size, the same
/// modification time (to the nanosecond), the same `analyzer_version` and the same
/// `config_hash`, and — with `retryFailed` — a status other than `failed`. When a path has
/// several records, the one read last wins (later lines of a JSONL file are newer).
///
/// Reading tolerates what a killed run leaves: a torn last line, or any line that is not a
/// report, is counted in ``invalidLineCount`` and ignored (that file is simply analysed again).
public struct ResumeIndex: Sendable {
    /// The latest entry per relative path.
    public private(set) var entries: [String: ResumeEntry] = [:]
    /// Lines or files that could not be read as reports.
    public private(set) var invalidLineCount = 0
    /// Temporary files of writes a killed run left under the `--out` directory (``AtomicFile``), found while
    /// loading; the caller removes them (``removeLeftovers()``).
    public private(set) var leftoverFiles: [URL] = []
    /// Paths with a record in the JSONL and none under `--out` (``completeOutputDirectory(fromJSONL:into:)``).
    public private(set) var onlyInJSONL: Set<String> = []
    private var jsonlOnlyEntries: [String: ResumeEntry] = [:]

    /// An empty index (nothing is skipped).
    public init() {}

    /// Loads an index from JSONL outputs and/or a per-file output directory. Paths that do not
    /// exist yet are fine (a first run): they add nothing.
    /// - Parameters:
    ///   - jsonlFiles: `--jsonl` outputs of earlier runs.
    ///   - outputDirectory: The `--out` directory of earlier runs, if any.
    /// - Throws: File-system errors other than a missing path.
    public static func load(jsonlFiles: [URL], outputDirectory: URL? = nil) throws -> ResumeIndex {
        var index = ResumeIndex()
        for url in jsonlFiles where FileManager.default.fileExists(atPath: url.path) {
            try index.addJSONL(at: url)
        }
        guard let outputDirectory else { return index }
        var files = ResumeIndex()
        if FileManager.default.fileExists(atPath: outputDirectory.path) {
            try files.addReports(under: outputDirectory)
        }
        // A file is done only when every requested output holds its record. The JSONL line is written
        // before the per-file report, so a kill between the two leaves a record only in the JSONL:
        // ``completeOutputDirectory(fromJSONL:into:)`` copies it across instead of analysing the file again
        // (which would put it twice in the JSONL).
        guard !jsonlFiles.isEmpty else { return files }
        var both = index.agreeing(with: files)
        both.onlyInJSONL = Set(index.entries.keys.filter { files.entries[$0] == nil })
        both.jsonlOnlyEntries = index.entries.filter { both.onlyInJSONL.contains($0.key) }
        return both
    }

    /// Writes the per-file report of every record the JSONL holds and `--out` lacks (a run killed between
    /// the two writes), from the JSONL line itself, and counts those files as done. The newest line of a
    /// path wins, as in ``addJSONL(at:)``.
    /// - Returns: How many reports were written.
    /// - Throws: File-system errors (reading the JSONL, writing a report).
    @discardableResult
    public mutating func completeOutputDirectory(fromJSONL url: URL, into directory: URL) throws -> Int {
        guard !onlyInJSONL.isEmpty else { return 0 }
        var latest: [String: AnalysisReport] = [:]
        try JSONLReader.forEachLine(in: url) { line in
            guard let identity = ReportIdentity.decode(line.bytes), onlyInJSONL.contains(identity.relativePath),
                let report = try? ReportJSON.decodeReport(from: Data(line.bytes))
            else { return }
            latest[identity.relativePath] = report
        }
        let writer = ReportFileWriter(outputDirectory: directory)
        for (path, report) in latest.sorted(by: { PathOrder.precedes($0.key, $1.key) }) {
            try writer.write(report)
            if let entry = jsonlOnlyEntries[path] { add(entry) }
        }
        onlyInJSONL = []
        jsonlOnlyEntries = [:]
        return latest.count
    }

    /// The entries that `other` holds too, with the same status, source, version and configuration.
    public func agreeing(with other: ResumeIndex) -> ResumeIndex {
        var both = ResumeIndex()
        for (path, entry) in entries where other.entries[path] == entry { both.add(entry) }
        both.invalidLineCount = invalidLineCount + other.invalidLineCount
        both.leftoverFiles = leftoverFiles + other.leftoverFiles
        return both
    }

    /// Adds (or replaces) one entry.
    public mutating func add(_ entry: ResumeEntry) {
        entries[entry.relativePath] = entry
    }

    /// Adds every report line of a JSONL file.
    public mutating func addJSONL(at url: URL) throws {
        try JSONLReader.forEachLine(in: url) { line in
            if let identity = ReportIdentity.decode(line.bytes) {
                add(ResumeEntry(identity))
            } else {
                invalidLineCount += 1
            }
        }
    }

    /// Adds every `*.json` report found recursively under a per-file output directory.
    public mutating func addReports(under directory: URL) throws {
        guard let enumerator = FileManager.default.enumerator(atPath: directory.path) else { return }
        var paths: [String] = []
        while let relative = enumerator.nextObject() as? String {
            let name = (relative as NSString).lastPathComponent
            if relative.hasSuffix(".json"), !name.hasPrefix(".") { paths.append(relative) }
            if AtomicFile.isLeftover(fileName: name) {
                leftoverFiles.append(directory.appendingPathComponent(relative))
            }
        }
        for relative in paths.sorted(by: PathOrder.precedes) {
            let data = try Data(contentsOf: directory.appendingPathComponent(relative))
            if let identity = ReportIdentity.decode(data) {
                add(ResumeEntry(identity))
            } else {
                invalidLineCount += 1
            }
        }
    }

    /// The recorded entry for a relative path, if any.
    public func entry(for relativePath: String) -> ResumeEntry? {
        entries[relativePath]
    }

    /// Whether the file can be skipped because an up-to-date record exists.
    /// - Parameters:
    ///   - relativePath: The file's relative path.
    ///   - source: Its size and modification time now (``SourceFacts/current(atPath:relativePath:)``).
    ///   - configHash: This run's configuration hash.
    ///   - analyzerVersion: This build's version.
    ///   - retryFailed: Re-run files whose record is `failed` (`--retry-failed`).
    /// - Returns: True when the record matches on every count.
    public func canSkip(
        relativePath: String, source: SourceFacts, configHash: String,
        analyzerVersion: String = AudioWaveVersion.analyzer, retryFailed: Bool = false
    ) -> Bool {
        guard let entry = entries[relativePath] else { return false }
        return entry.source == source && entry.configHash == configHash
            && entry.analyzerVersion == analyzerVersion && !(retryFailed && entry.status == .failed)
    }

    /// Deletes the leftover temporary files (best effort: one that cannot be removed stays, harmless).
    /// - Returns: How many were removed.
    @discardableResult
    public func removeLeftovers() -> Int {
        leftoverFiles.filter { (try? FileManager.default.removeItem(at: $0)) != nil }.count
    }

    /// The number of files with a record.
    public var count: Int { entries.count }
}

extension ResumeEntry {
    init(_ identity: ReportIdentity) {
        self.init(
            relativePath: identity.relativePath, status: identity.status, source: identity.source,
            analyzerVersion: identity.analyzerVersion, configHash: identity.configHash)
    }
}
