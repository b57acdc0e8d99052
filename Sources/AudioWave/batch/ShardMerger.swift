import AudioWaveReport
import Foundation

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
