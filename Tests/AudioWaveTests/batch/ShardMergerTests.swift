import Foundation
import Testing

@testable import AudioWave
@testable import AudioWaveBatch

@Suite("ShardMerger")
struct ShardMergerTests {
    private func report(_ path: String, _ status: ReportStatus = .ok) -> AnalysisReport {
        var report = status == .failed ? SampleReports.failed : SampleReports.full
        report.relativePath = path
        return report
    }

    private func writeJSONL(
        _ reports: [AnalysisReport], _ name: String, in directory: TemporaryDirectory
    ) async throws -> URL {
        let writer = try JSONLWriter(url: directory.file(name), truncate: true, syncsEachLine: false)
        for report in reports { try await writer.write(report) }
        try await writer.close()
        return directory.file(name)
    }

    @Test("four shards merged equal one unsharded run, sorted by path")
    func shardsEqualUnsharded() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let all = (0..<200).map { report("dir \($0 % 7)/track-\($0).wav") }
        var shardFiles: [URL] = []
        for index in 0..<4 {
            let shard = try Shard(index: index, count: 4)
            shardFiles.append(
                try await writeJSONL(
                    all.filter { shard.contains(relativePath: $0.relativePath) }, "shard-\(index).jsonl", in: directory)
            )
        }
        let unsharded = try await writeJSONL(all.reversed(), "unsharded.jsonl", in: directory)
        let merged = try ShardMerger.merge(
            shardFiles, into: directory.file("merged.jsonl"),
            expecting: all.map(\.relativePath))
        let single = try ShardMerger.merge([unsharded], into: directory.file("single.jsonl"))
        #expect(merged.isClean)
        #expect(
            merged.summaryText() == "merged 200 records: 200 ok\ncomplete: nothing missing, conflicting or unreadable\n"
        )
        #expect(merged.recordCount == 200)
        #expect(merged.statusCounts == [.ok: 200])
        #expect(try directory.read("merged.jsonl") == directory.read("single.jsonl"))
        #expect(single.recordCount == 200)
        let paths = try directory.read("merged.jsonl").split(separator: "\n").map {
            try ReportJSON.decodeReport(from: Data($0.utf8)).relativePath
        }
        #expect(paths == all.map(\.relativePath).sorted(by: PathOrder.precedes))
    }

    /// A record of `path` analysed at `time` (`12:00:SS.000Z` on 2026-12-02) with configuration `config`.
    private func analysed(
        _ path: String, _ status: ReportStatus = .ok, at time: Int?, config: String = "0123456789abcdef",
        bpm: Double = 120.02
    ) -> AnalysisReport {
        var record = report(path, status)
        record.status = status
        record.analyzedAt = time.map { String(format: "2026-12-02T12:00:%02d.000Z", $0) }
        record.configHash = config
        record.tempo?.bpm = bpm
        if status == .failed { record.source = SampleReports.full.source }
        return record
    }

    /// The bpm of the merged record of each path (0 for none).
    private func keptBPM(_ directory: TemporaryDirectory) throws -> [String: Double] {
        var result: [String: Double] = [:]
        for line in try directory.read("out.jsonl").split(separator: "\n") {
            let record = try ReportJSON.decodeReport(from: Data(line.utf8))
            result[record.relativePath] = record.tempo?.bpm ?? 0
        }
        return result
    }

    @Test("a re-analysis replaces the older record, newest by analyzed_at whatever the input order, without error")
    func reanalysisReplaces() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let other = "fedcba9876543210"
        let first = try await writeJSONL(
            [analysed("a.wav", at: 1, bpm: 100), analysed("b.wav", at: 9, config: other, bpm: 90)], "s0.jsonl",
            in: directory)
        let second = try await writeJSONL(
            [analysed("a.wav", .partial, at: 5, config: other, bpm: 101), analysed("b.wav", at: 3, bpm: 91)],
            "s1.jsonl", in: directory)
        let result = try ShardMerger.merge([first, second], into: directory.file("out.jsonl"))
        #expect(result.isClean && result.conflicts.isEmpty)
        #expect(result.replaced.map(\.relativePath) == ["a.wav", "b.wav"])
        #expect(result.replaced.map(\.kept.description) == ["\(second.path):1", "\(first.path):2"])
        #expect(try keptBPM(directory) == ["a.wav": 101, "b.wav": 90], "newest wins, even partial over an old ok")
        #expect(result.statusCounts == [.ok: 1, .partial: 1])
        #expect(result.summaryText().contains("replaced: 2 (re-analysed: the newest analysis is kept)\n"))
        #expect(result.summaryText().contains("  a.wav: kept \(second.path):1 over \(first.path):1\n"))
    }

    @Test("records without analyzed_at: the one read last is the newest, whatever its status")
    func olderRecords() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let first = try await writeJSONL([analysed("a.wav", at: nil, bpm: 100)], "s0.jsonl", in: directory)
        let second = try await writeJSONL(
            [analysed("a.wav", .failed, at: nil, config: "fedcba9876543210"), analysed("b.wav", at: nil)], "s1.jsonl",
            in: directory)
        let third = try await writeJSONL(
            [analysed("b.wav", at: 0, config: "fedcba9876543210", bpm: 77)], "s2.jsonl", in: directory)
        let result = try ShardMerger.merge([first, second, third], into: directory.file("out.jsonl"))
        #expect(result.isClean)
        #expect(try keptBPM(directory) == ["a.wav": 0, "b.wav": 77], "a timestamp is newer than none")
        #expect(result.statusCounts == [.failed: 1, .ok: 1])
    }

    @Test("within one analysis the best status wins: a retried failure is replaced, a complete result is kept")
    func sameAnalysis() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let retried = try await writeJSONL(
            [analysed("a.wav", .failed, at: 1), analysed("a.wav", at: 2, bpm: 100)], "retry.jsonl", in: directory)
        let timedOut = try await writeJSONL(
            [analysed("b.wav", at: 1, bpm: 100), analysed("b.wav", .partial, at: 2, bpm: 50)], "late.jsonl",
            in: directory)
        let result = try ShardMerger.merge([retried, timedOut], into: directory.file("out.jsonl"))
        #expect(result.isClean && result.replaced.count == 2)
        #expect(try keptBPM(directory) == ["a.wav": 100, "b.wav": 100])
        #expect(result.statusCounts == [.ok: 2])
    }

    @Test("the same analysis recorded twice with the same results is replaced, with different results a conflict")
    func conflicts() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var again = analysed("same.wav", at: 4)
        again.stages = again.stages.map {
            StageReport(name: $0.name, status: .completed, attempts: 2, durationMilliseconds: 99)
        }
        let first = try await writeJSONL(
            [analysed("same.wav", at: 1), analysed("differs.wav", at: 1, bpm: 120)], "s0.jsonl", in: directory)
        let second = try await writeJSONL([again, analysed("differs.wav", at: 2, bpm: 60)], "s1.jsonl", in: directory)
        let result = try ShardMerger.merge([first, second], into: directory.file("out.jsonl"))
        #expect(result.replaced.map(\.relativePath) == ["same.wav"], "timings and analyzed_at are not results")
        #expect(result.conflicts.map(\.relativePath) == ["differs.wav"])
        #expect(!result.isClean)
        #expect(try keptBPM(directory)["differs.wav"] == 60, "the newest is kept all the same")
        #expect(
            result.summaryText().contains(
                "conflicting: 1 (ok records of the same analysis with different results)\n"
                    + "  differs.wav: kept \(second.path):2, differs from \(first.path):2\n"))
    }

    @Test(
        "with a root, a record whose file is gone is stale (kept, or dropped), a file there but not expected is unexpected"
    )
    func stale() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("x", to: "root/a.wav")
        try directory.write("x", to: "root/notes.txt")
        let shard = try await writeJSONL(
            [analysed("a.wav", at: 1), analysed("gone.wav", at: 1), analysed("notes.txt", at: 1)], "s0.jsonl",
            in: directory)
        let kept = try ShardMerger.merge(
            [shard], into: directory.file("out.jsonl"), expectingFilesUnder: directory.file("root"))
        #expect(kept.stale == ["gone.wav"] && kept.unexpected == ["notes.txt"] && kept.missing.isEmpty)
        #expect(kept.isClean && kept.recordCount == 3)
        #expect(kept.summaryText().contains("stale: 1 (no longer on disk: kept)\n  gone.wav\n"))
        let dropped = try ShardMerger.merge(
            [shard], into: directory.file("out.jsonl"), expectingFilesUnder: directory.file("root"), dropsStale: true)
        #expect(dropped.recordCount == 2 && dropped.droppedStale)
        #expect(try keptBPM(directory).keys.sorted() == ["a.wav", "notes.txt"])
    }

    @Test("missing and unexpected paths are reported against the expectation")
    func coverage() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let shard = try await writeJSONL([report("a.wav"), report("stray.wav")], "s0.jsonl", in: directory)
        let result = try ShardMerger.merge(
            [shard], into: directory.file("out.jsonl"), expecting: ["a.wav", "b.wav", "c.wav"])
        #expect(result.missing == ["b.wav", "c.wav"])
        #expect(result.unexpected == ["stray.wav"])
        #expect(
            result.summaryText(limit: 1) == """
                merged 2 records: 2 ok
                missing: 2
                  b.wav
                  … 1 more
                unexpected: 1
                  stray.wav

                """)
    }

    @Test("torn and garbage lines are left out and reported")
    func invalidLines() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let good = String(decoding: try ReportJSON.encodeLine(report("a.wav")), as: UTF8.self)
        try directory.write("garbage\n" + good + "\n{\"relative_path\":\"b.w", to: "s0.jsonl")
        let result = try ShardMerger.merge([directory.file("s0.jsonl")], into: directory.file("out.jsonl"))
        #expect(result.recordCount == 1)
        #expect(result.invalidLines.map(\.line) == [1, 3])
        #expect(try directory.read("out.jsonl") == good + "\n")
    }

    @Test("the expectation of a root is every scanned audio file plus broken links")
    func expectationFromRoot() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("x", to: "root/a.wav")
        try directory.write("x", to: "root/sub/b.flac")
        try directory.write("x", to: "root/readme.md")
        try FileManager.default.createSymbolicLink(
            atPath: directory.file("root/c.wav").path, withDestinationPath: directory.file("root/none.wav").path)
        #expect(ShardMerger.expectedRelativePaths(under: directory.file("root")) == ["a.wav", "sub/b.flac", "c.wav"])
    }

    @Test("a missing input is an error and no output is written")
    func missingInput() {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("merge-\(UUID().uuidString).jsonl")
        #expect(throws: (any Error).self) {
            try ShardMerger.merge([URL(fileURLWithPath: "/nonexistent/s.jsonl")], into: output)
        }
        #expect(!FileManager.default.fileExists(atPath: output.path))
    }
}
