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
}

/// What ``ShardMerger/merge(_:into:expecting:)`` did and found.
public struct MergeResult: Sendable, Hashable {
    /// Records written to the output: one per relative path.
    public var recordCount: Int
    /// Paths recorded more than once (kept once in the output), sorted by path.
    public var duplicates: [DuplicateRecord]
    /// Expected paths with no record, sorted (empty when no expectation was given).
    public var missing: [String]
    /// Recorded paths that were not expected, sorted (empty when no expectation was given).
    public var unexpected: [String]
    /// Lines that are not reports (a torn last line, garbage), in input order; left out.
    public var invalidLines: [RecordLocation]
    /// Records per status in the output.
    public var statusCounts: [ReportStatus: Int]

    /// True when nothing is missing, doubled or unreadable.
    public var isClean: Bool { duplicates.isEmpty && missing.isEmpty && invalidLines.isEmpty }
}

/// Joins the JSONL outputs of shards into one file, one record per file, and checks coverage:
/// what `audiowave merge OUT.jsonl SHARD.jsonl... [--expect ROOT]` does.
///
/// The output holds each relative path once, sorted by path (bytewise), each line copied byte
/// for byte from its shard. When a path has several records the best status wins (`ok` over
/// `partial` over `failed`), then the one read last. Inputs are read twice in bounded memory
/// (an index of offsets, then the chosen lines), so a million records merge in little RAM;
/// the output is written atomically.
public enum ShardMerger {
    private struct Occurrence {
        var input: Int
        var offset: UInt64
        var length: Int
        var line: Int
        var status: ReportStatus
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
                        input: input, offset: line.offset, length: line.bytes.count,
                        line: line.number, status: identity.status))
            }
        }
        let paths = occurrences.keys.sorted(by: PathOrder.precedes)
        var statusCounts: [ReportStatus: Int] = [:]
        var chosen: [Occurrence] = []
        var duplicates: [DuplicateRecord] = []
        for path in paths {
            let list = occurrences[path] ?? []
            guard let best = list.enumerated().max(by: { rank($0.element, $0.offset) < rank($1.element, $1.offset) })
            else { continue }
            chosen.append(best.element)
            statusCounts[best.element.status, default: 0] += 1
            if list.count > 1 {
                duplicates.append(
                    DuplicateRecord(
                        relativePath: path,
                        locations: list.map { RecordLocation(file: inputs[$0.input].path, line: $0.line) }))
            }
        }
        try write(chosen, from: inputs, to: output)
        var missing: [String] = []
        var unexpected: [String] = []
        if let expected {
            let expectedSet = Set(expected)
            missing = expectedSet.filter { occurrences[$0] == nil }.sorted(by: PathOrder.precedes)
            unexpected = paths.filter { !expectedSet.contains($0) }
        }
        return MergeResult(
            recordCount: chosen.count, duplicates: duplicates, missing: missing, unexpected: unexpected,
            invalidLines: invalid, statusCounts: statusCounts)
    }

    /// The relative paths a complete run over `root` must record: every audio file the scanner
    /// finds, plus every single-file problem (a broken link gets a `failed` record too).
    public static func expectedRelativePaths(under root: URL, scanner: FileScanner = FileScanner()) -> [String] {
        let scan = scanner.scan([root.path])
        return scan.files.map(\.relativePath) + scan.problems.filter { !$0.isDirectory }.map(\.relativePath)
    }

    private static func rank(_ occurrence: Occurrence, _ order: Int) -> (Int, Int) {
        let statusRank: Int
        switch occurrence.status {
        case .ok: statusRank = 2
        case .partial: statusRank = 1
        case .failed: statusRank = 0
        }
        return (statusRank, order)
    }

    private static func write(_ chosen: [Occurrence], from inputs: [URL], to output: URL) throws {
        var handles: [Int: FileHandle] = [:]
        defer { for handle in handles.values { try? handle.close() } }
        try AtomicFile.write(to: output) { destination in
            var buffer = Data()
            for occurrence in chosen {
                let handle: FileHandle
                if let open = handles[occurrence.input] {
                    handle = open
                } else {
                    handle = try FileHandle(forReadingFrom: inputs[occurrence.input])
                    handles[occurrence.input] = handle
                }
                try handle.seek(toOffset: occurrence.offset)
                guard let bytes = try handle.read(upToCount: occurrence.length), bytes.count == occurrence.length else {
                    throw CocoaError(
                        .fileReadCorruptFile, userInfo: [NSFilePathErrorKey: inputs[occurrence.input].path])
                }
                buffer.append(bytes)
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
    /// A human summary for `audiowave merge`: counts, then up to `limit` entries of each problem.
    /// - Parameter limit: How many missing/doubled/unexpected/invalid entries to list.
    /// - Returns: Lines ending with a newline, e.g. `merged 1000 records: 990 ok, 10 failed`.
    public func summaryText(limit: Int = 20) -> String {
        let statuses = ReportStatus.allCases.compactMap { status in
            statusCounts[status].map { "\($0) \(status.rawValue)" }
        }
        var lines = [
            "merged \(recordCount) records" + (statuses.isEmpty ? "" : ": " + statuses.joined(separator: ", "))
        ]
        func section(_ title: String, _ items: [String]) {
            guard !items.isEmpty else { return }
            lines.append("\(title): \(items.count)")
            lines += items.prefix(limit).map { "  " + $0 }
            if items.count > limit { lines.append("  … \(items.count - limit) more") }
        }
        section("missing", missing)
        section(
            "doubled",
            duplicates.map { "\($0.relativePath) (\($0.locations.map(\.description).joined(separator: ", ")))" })
        section("unexpected", unexpected)
        section("invalid lines", invalidLines.map(\.description))
        if isClean { lines.append("complete: nothing missing or doubled") }
        return lines.joined(separator: "\n") + "\n"
    }
}
