import Foundation
import Testing

@testable import AudioWave
@testable import AudioWaveReport

@Suite("ReportOutputs")
struct ReportOutputsTests {
    @Test("each report reaches the JSONL file, the out directory and the CSV; counts add up")
    func fansOut() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let outputs = try ReportOutputs(
            jsonl: directory.file("run.jsonl"), outputDirectory: directory.file("out"), csv: directory.file("run.csv"),
            keepsReports: true)
        for report in SampleReports.all { try await outputs.write(report) }
        let kept = try await outputs.finish()
        #expect(kept.map(\.relativePath) == SampleReports.all.map(\.relativePath).sorted(by: PathOrder.precedes))
        #expect(try directory.read("run.jsonl").split(separator: "\n").count == 7)
        #expect(FileManager.default.fileExists(atPath: directory.file("out/bad/truncated.wav.json").path))
        let csv = try directory.read("run.csv")
        #expect(csv.hasPrefix(CSVSummary.headerLine))
        #expect(csv.split(separator: "\n").count == 8)
        #expect(await outputs.statusCounts == [.ok: 5, .failed: 2])
        #expect(await outputs.tagStatusCounts == [.written: 1, .failed: 1], "records without tags are not counted")
        #expect(await outputs.earlyExitCount == 1)
        #expect(await outputs.audioSeconds == 5 * 183.25)
    }

    @Test("a resumed run's CSV covers the records of earlier runs in the JSONL")
    func resumedCSV() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let first = try ReportOutputs(jsonl: directory.file("run.jsonl"), truncateJSONL: true)
        try await first.write(SampleReports.full)
        try await first.write(SampleReports.failed)
        _ = try await first.finish()
        var retried = SampleReports.failed
        retried.status = .ok
        retried.error = nil
        let second = try ReportOutputs(jsonl: directory.file("run.jsonl"), csv: directory.file("run.csv"))
        try await second.write(retried)
        _ = try await second.finish()
        let rows = try directory.read("run.csv").split(separator: "\n").dropFirst()
        #expect(rows.count == 2)
        #expect(rows.contains { $0.hasPrefix("bad/truncated.wav,ok,") })
    }

    @Test("without JSONL the CSV holds this run's records sorted by path")
    func csvOnly() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let outputs = try ReportOutputs(csv: directory.file("run.csv"))
        try await outputs.write(SampleReports.notFound)
        try await outputs.write(SampleReports.silent)
        #expect(try await outputs.finish().isEmpty)
        let rows = try directory.read("run.csv").split(separator: "\n").dropFirst().map {
            $0.prefix(while: { $0 != "," })
        }
        #expect(rows == ["gone.wav", "silence.wav"])
    }

    @Test("a record that cannot be encoded is written nowhere")
    func nonFinite() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let outputs = try ReportOutputs(jsonl: directory.file("run.jsonl"), outputDirectory: directory.file("out"))
        var bad = SampleReports.full
        bad.quality = .infinity
        await #expect(throws: EncodingError.self) { try await outputs.write(bad) }
        _ = try await outputs.finish()
        #expect(try directory.read("run.jsonl") == "")
        #expect(!FileManager.default.fileExists(atPath: directory.file("out").path))
    }
}
