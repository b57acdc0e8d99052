import AudioWaveReport
import Foundation

/// Where a line was found: file and 1-based line number.
public struct RecordLocation: Sendable, Hashable, CustomStringConvertible {
    /// The JSONL file's path.
    public var file: String
    /// 1-based line number.
    public var line: Int

    /// `file:line`.
    public var description: String { "\(file):\(line)" }
}

/// A relative path with more than one record.
public struct DuplicateRecord: Sendable, Hashable {
    /// The file's relative path.
    public var relativePath: String
    /// Every line holding a record for it, in input order.
    public var locations: [RecordLocation]
    /// The line whose record the output keeps.
    public var kept: RecordLocation
}

/// What ``ShardMerger/merge(_:into:expecting:)`` did and found.
public struct MergeResult: Sendable, Hashable {
    /// Records written to the output: one per relative path (stale ones left out when asked).
    public var recordCount: Int
    /// Paths recorded more than once by re-analyses — another configuration or analyzer version, a changed
    /// file, a retried failure — sorted by path: the newest analysis is kept, the others are replaced. Not a
    /// problem.
    public var replaced: [DuplicateRecord]
    /// Paths with two `ok` records of the same analysis (same size and modification time, analyzer version
    /// and configuration) whose results differ, sorted by path: analysis is deterministic, so one of them is
    /// wrong, or two different files share a relative path. The kept record is chosen as for any path.
    public var conflicts: [DuplicateRecord]
    /// Expected paths with no record, sorted (empty when no expectation was given).
    public var missing: [String]
    /// Recorded paths that were not expected but whose file exists under the root (or, without a root to look
    /// in, every path not expected), sorted.
    public var unexpected: [String]
    /// Recorded paths whose file is no longer under the root (a deleted input), sorted; empty without a root.
    public var stale: [String]
    /// Whether the stale records were left out of the output.
    public var droppedStale: Bool
    /// Lines that are not reports (a torn last line, garbage), in input order; left out.
    public var invalidLines: [RecordLocation]
    /// Records per status in the output.
    public var statusCounts: [ReportStatus: Int]

    /// True when nothing is missing, conflicting or unreadable (replaced, stale and unexpected records are
    /// reported but are not errors).
    public var isClean: Bool { missing.isEmpty && conflicts.isEmpty && invalidLines.isEmpty }
}

/// Joins the JSONL outputs of shards into one file, one record per file, and checks coverage:
/// what `audiowave merge OUT.jsonl SHARD.jsonl... [--expect ROOT]` does.
///
/// The output holds each relative path once, sorted by path (bytewise), each line copied byte for byte
/// from its shard. When a path has several records, **the newest analysis wins**:
///
/// 1. The newest record — the latest `analyzed_at`, records without one (older versions) counting as older
///    than any with one, ties and records without one broken by reading order (inputs in the order given,
///    lines in file order) — says which analysis is current: its file size and modification time, analyzer
///    version and `config_hash`.
/// 2. Among the records of that same analysis, the best status wins (`ok` over `partial` over `failed`),
///    then the newest: a retry that timed out does not hide a complete result of the same analysis, and a
///    retried failure (`--retry-failed`) replaces the failure.
///
/// Records of other analyses (another configuration or version, an older state of the file) are replaced:
/// a re-analysis is not an error. A **conflict** — an error — is two `ok` records of the same analysis whose
/// results differ (everything but `stages`, `analyzed_at` and `absolute_path` compared). Inputs are read
/// twice in bounded memory (an index of offsets, then the chosen lines; lines of doubled paths are read
/// again to compare them), and the output is written atomically.
public enum ShardMerger {
    private struct Occurrence {
        var input: Int
        var offset: UInt64
        var length: Int
        var line: Int
        var status: ReportStatus
        /// `analyzed_at` in milliseconds since 1970, `Int64.min` when the record has none.
        var analyzedAt: Int64
        /// ``ReportIdentity/analysisHash``.
        var analysis: UInt64
    }

    /// Merges shard outputs.
    /// - Parameters:
    ///   - inputs: The shards' JSONL files, in order.
    ///   - output: The merged JSONL file (replaced atomically).
    ///   - expected: The relative paths that should be present (see ``expectedRelativePaths(under:scanner:)``),
    ///     or nil to skip the coverage check.
    /// - Returns: What was merged and what is wrong.
    /// - Throws: File-system errors (a missing input is an error).
    public static func merge(
        _ inputs: [URL], into output: URL, expecting expected: [String]? = nil
    ) throws -> MergeResult {
        try merge(inputs, into: output, expected: expected, root: nil, dropsStale: false)
    }

    /// Merges shard outputs and checks them against the files under `root`: every audio file the scanner finds
    /// there must have a record (else it is missing), and a record whose file is no longer there is stale.
    /// - Parameters:
    ///   - inputs: The shards' JSONL files, in order.
    ///   - output: The merged JSONL file (replaced atomically).
    ///   - root: The folder the shards analysed.
    ///   - scanner: The scanner `analyze` used.
    ///   - dropsStale: Leave stale records out of the output (else they are kept, and listed).
    /// - Returns: What was merged and what is wrong.
    /// - Throws: File-system errors (a missing input is an error).
    public static func merge(
        _ inputs: [URL], into output: URL, expectingFilesUnder root: URL, scanner: FileScanner = FileScanner(),
        dropsStale: Bool = false
    ) throws -> MergeResult {
        try merge(
            inputs, into: output, expected: expectedRelativePaths(under: root, scanner: scanner), root: root,
            dropsStale: dropsStale)
    }

    private static func merge(
        _ inputs: [URL], into output: URL, expected: [String]?, root: URL?, dropsStale: Bool
    ) throws -> MergeResult {
        var occurrences: [String: [Occurrence]] = [:]
        var invalid: [RecordLocation] = []
        for (input, url) in inputs.enumerated() {
            try JSONLReader.forEachLine(in: url) { line in
                guard let identity = ReportIdentity.decode(line.bytes) else {
                    invalid.append(RecordLocation(file: url.path, line: line.number))
                    return
                }
                occurrences[identity.relativePath, default: []].append(
                    Occurrence(
                        input: input, offset: line.offset, length: line.bytes.count, line: line.number,
                        status: identity.status,
                        analyzedAt: identity.analyzedAt.flatMap(ReportTimestamp.milliseconds(from:)) ?? .min,
                        analysis: identity.analysisHash))
            }
        }
        let paths = occurrences.keys.sorted(by: PathOrder.precedes)
        var missing: [String] = []
        var unexpected: [String] = []
        var stale = Set<String>()
        if let expected {
            let expectedSet = Set(expected)
            missing = expectedSet.filter { occurrences[$0] == nil }.sorted(by: PathOrder.precedes)
            for path in paths where !expectedSet.contains(path) {
                if let root, !exists(root.appendingPathComponent(path)) {
                    stale.insert(path)
                } else {
                    unexpected.append(path)
                }
            }
        }
        let lines = try LineReader(inputs: inputs)
        func location(_ occurrence: Occurrence) -> RecordLocation {
            RecordLocation(file: inputs[occurrence.input].path, line: occurrence.line)
        }
        var statusCounts: [ReportStatus: Int] = [:]
        var chosen: [Occurrence] = []
        var replaced: [DuplicateRecord] = []
        var conflicts: [DuplicateRecord] = []
        for path in paths {
            let list = occurrences[path] ?? []
            guard let keptIndex = keptIndex(in: list) else { continue }
            let kept = list[keptIndex]
            if !(dropsStale && stale.contains(path)) {
                chosen.append(kept)
                statusCounts[kept.status, default: 0] += 1
            }
            guard list.count > 1 else { continue }
            let duplicate = DuplicateRecord(relativePath: path, locations: list.map(location), kept: location(kept))
            var contradicted = false
            for (index, other) in list.enumerated()
            where index != keptIndex && kept.status == .ok && other.status == .ok && other.analysis == kept.analysis {
                if resultsDiffer(try lines.read(kept), try lines.read(other)) { contradicted = true }
            }
            if contradicted { conflicts.append(duplicate) } else { replaced.append(duplicate) }
        }
        try write(chosen, with: lines, to: output)
        return MergeResult(
            recordCount: chosen.count, replaced: replaced, conflicts: conflicts, missing: missing,
            unexpected: unexpected, stale: stale.sorted(by: PathOrder.precedes),
            droppedStale: dropsStale && !stale.isEmpty,
            invalidLines: invalid, statusCounts: statusCounts)
    }

    /// The relative paths a complete run over `root` must record: every audio file the scanner
    /// finds, plus every single-file problem (a broken link gets a `failed` record too).
    public static func expectedRelativePaths(under root: URL, scanner: FileScanner = FileScanner()) -> [String] {
        let scan = scanner.scan([root.path])
        return scan.files.map(\.relativePath) + scan.problems.filter { !$0.isDirectory }.map(\.relativePath)
    }

    /// The record a path keeps (see the type's rule): the newest record names the current analysis; among that
    /// analysis's records, the best status, then the newest.
    private static func keptIndex(in list: [Occurrence]) -> Int? {
        guard
            let newest = list.indices.max(by: { (list[$0].analyzedAt, $0) < (list[$1].analyzedAt, $1) })
        else { return nil }
        let current = list[newest].analysis
        return list.indices.filter { list[$0].analysis == current }.max {
            (rank(list[$0].status), list[$0].analyzedAt, $0) < (rank(list[$1].status), list[$1].analyzedAt, $1)
        }
    }

    private static func rank(_ status: ReportStatus) -> Int {
        switch status {
        case .ok: 2
        case .partial: 1
        case .failed: 0
        }
    }

    /// Whether something is at `url` (a dangling link counts: it is an input the scanner reports).
    private static func exists(_ url: URL) -> Bool {
        (try? FileManager.default.attributesOfItem(atPath: url.path)) != nil
    }

    /// Members that differ between two runs of the same analysis without the results differing.
    private static let volatileMembers: Set<String> = ["stages", "analyzed_at", "absolute_path"]

    /// Whether two records hold different results: every member but the ``volatileMembers`` compared as JSON
    /// values, re-encoded with sorted keys (key order and spacing do not matter). Lines that do not parse count
    /// as different.
    static func resultsDiffer(_ first: Data, _ second: Data) -> Bool {
        func canonical(_ line: Data) -> Data? {
            guard let record = try? JSONSerialization.jsonObject(with: line) as? [String: Any] else { return nil }
            return try? JSONSerialization.data(
                withJSONObject: record.filter { !volatileMembers.contains($0.key) }, options: [.sortedKeys])
        }
        guard let a = canonical(first), let b = canonical(second) else { return true }
        return a != b
    }

    /// Reads lines back by offset, one open handle per input.
    private final class LineReader {
        private let inputs: [URL]
        private var handles: [Int: FileHandle] = [:]

        init(inputs: [URL]) throws { self.inputs = inputs }

        deinit { for handle in handles.values { try? handle.close() } }

        func read(_ occurrence: Occurrence) throws -> Data {
            let handle: FileHandle
            if let open = handles[occurrence.input] {
                handle = open
            } else {
                handle = try FileHandle(forReadingFrom: inputs[occurrence.input])
                handles[occurrence.input] = handle
            }
            try handle.seek(toOffset: occurrence.offset)
            guard let bytes = try handle.read(upToCount: occurrence.length), bytes.count == occurrence.length else {
                throw CocoaError(.fileReadCorruptFile, userInfo: [NSFilePathErrorKey: inputs[occurrence.input].path])
            }
            return bytes
        }
    }

    private static func write(_ chosen: [Occurrence], with lines: LineReader, to output: URL) throws {
        try AtomicFile.write(to: output) { destination in
            var buffer = Data()
            for occurrence in chosen {
                buffer.append(try lines.read(occurrence))
                buffer.append(0x0A)
                if buffer.count >= 1 << 20 {
                    try destination.write(contentsOf: buffer)
                    buffer.removeAll(keepingCapacity: true)
                }
            }
            try destination.write(contentsOf: buffer)
        }
    }
}

extension MergeResult {
    /// A human summary for `audiowave merge`: counts, then up to `limit` entries of each kind.
    /// - Parameter limit: How many entries of each kind (missing, conflicting, replaced, stale, unexpected,
    ///   invalid) to list.
    /// - Returns: Lines ending with a newline, e.g. `merged 1000 records: 990 ok, 10 failed`.
    public func summaryText(limit: Int = 20) -> String {
        let statuses = ReportStatus.allCases.compactMap { status in
            statusCounts[status].map { "\($0) \(status.rawValue)" }
        }
        var lines = [
            "merged \(recordCount) records" + (statuses.isEmpty ? "" : ": " + statuses.joined(separator: ", "))
        ]
        func section(_ title: String, note: String? = nil, _ items: [String]) {
            guard !items.isEmpty else { return }
            lines.append("\(title): \(items.count)" + (note.map { " (\($0))" } ?? ""))
            lines += items.prefix(limit).map { "  " + $0 }
            if items.count > limit { lines.append("  … \(items.count - limit) more") }
        }
        func others(_ duplicate: DuplicateRecord) -> String {
            duplicate.locations.filter { $0 != duplicate.kept }.map(\.description).joined(separator: ", ")
        }
        section("missing", missing)
        section(
            "conflicting", note: "ok records of the same analysis with different results",
            conflicts.map { "\($0.relativePath): kept \($0.kept), differs from \(others($0))" })
        section(
            "replaced", note: "re-analysed: the newest analysis is kept",
            replaced.map { "\($0.relativePath): kept \($0.kept) over \(others($0))" })
        section("stale", note: droppedStale ? "no longer on disk: left out" : "no longer on disk: kept", stale)
        section("unexpected", unexpected)
        section("invalid lines", invalidLines.map(\.description))
        if isClean { lines.append("complete: nothing missing, conflicting or unreadable") }
        return lines.joined(separator: "\n") + "\n"
    }
}
