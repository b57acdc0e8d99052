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
        #expect(merged.summaryText() == "merged 200 records: 200 ok\ncomplete: nothing missing or doubled\n")
        #expect(merged.recordCount == 200)
        #expect(merged.statusCounts == [.ok: 200])
        #expect(try directory.read("merged.jsonl") == directory.read("single.jsonl"))
        #expect(single.recordCount == 200)
        let paths = try directory.read("merged.jsonl").split(separator: "\n").map {
            try ReportJSON.decodeReport(from: Data($0.utf8)).relativePath
        }
        #expect(paths == all.map(\.relativePath).sorted(by: PathOrder.precedes))
    }

    @Test("doubled records are kept once (best status, then latest) and reported with their lines")
    func duplicates() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let first = try await writeJSONL([report("a.wav", .failed), report("b.wav")], "s0.jsonl", in: directory)
        let second = try await writeJSONL([report("a.wav"), report("b.wav", .failed)], "s1.jsonl", in: directory)
        let result = try ShardMerger.merge([first, second], into: directory.file("out.jsonl"))
        #expect(result.recordCount == 2)
        #expect(result.statusCounts == [.ok: 2])
        #expect(result.duplicates.map(\.relativePath) == ["a.wav", "b.wav"])
        #expect(result.duplicates.first?.locations.map(\.description) == ["\(first.path):1", "\(second.path):1"])
        #expect(!result.isClean)
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
