import AudioWaveReport
import Foundation

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
