import Foundation
import Testing

@testable import AudioWave
@testable import AudioWaveBatch

@Suite("ResumeIndex")
struct ResumeIndexTests {
    private let facts = SourceFacts(sizeBytes: 1_234_567, mtimeSeconds: 1_763_900_000, mtimeNanoseconds: 123_456_789)
    private let hash = SampleReports.configHash

    private func line(_ report: AnalysisReport) throws -> String {
        String(decoding: try ReportJSON.encodeLine(report), as: UTF8.self)
    }

    @Test("a file with a matching ok record is skipped")
    func skipsMatching() throws {
        var index = ResumeIndex()
        index.add(ResumeEntry(SampleReports.full))
        let path = SampleReports.full.relativePath
        #expect(index.canSkip(relativePath: path, source: facts, configHash: hash))
    }

    @Test("a changed size, mtime, configuration or analyzer version means analysing again")
    func rerunsChanged() throws {
        var index = ResumeIndex()
        index.add(ResumeEntry(SampleReports.full))
        let path = SampleReports.full.relativePath
        var bigger = facts
        bigger.sizeBytes += 1
        var touched = facts
        touched.mtimeNanoseconds += 1
        #expect(!index.canSkip(relativePath: path, source: bigger, configHash: hash))
        #expect(!index.canSkip(relativePath: path, source: touched, configHash: hash))
        #expect(!index.canSkip(relativePath: path, source: facts, configHash: "ffffffffffffffff"))
        #expect(!index.canSkip(relativePath: path, source: facts, configHash: hash, analyzerVersion: "9.9.9"))
        #expect(!index.canSkip(relativePath: "other.wav", source: facts, configHash: hash))
    }

    @Test("a failed record is skipped by --resume and re-run with --retry-failed")
    func retryFailed() {
        var index = ResumeIndex()
        index.add(ResumeEntry(SampleReports.failed))
        let failedFacts = SourceFacts(sizeBytes: 100, mtimeSeconds: 5, mtimeNanoseconds: 0)
        #expect(index.canSkip(relativePath: "bad/truncated.wav", source: failedFacts, configHash: hash))
        #expect(
            !index.canSkip(relativePath: "bad/truncated.wav", source: failedFacts, configHash: hash, retryFailed: true))
    }

    @Test("a record without source facts is never skipped")
    func noSource() {
        var index = ResumeIndex()
        index.add(ResumeEntry(SampleReports.notFound))
        #expect(!index.canSkip(relativePath: "gone.wav", source: facts, configHash: hash))
    }

    @Test("JSONL from a killed run loads: the torn last line and garbage are counted and ignored")
    func loadsTornJSONL() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let text = try [line(SampleReports.full), "not json", line(SampleReports.failed), "{\"relative_pa"]
            .joined(separator: "\n")
        try directory.write(text, to: "run.jsonl")
        let index = try ResumeIndex.load(jsonlFiles: [directory.file("run.jsonl"), directory.file("absent.jsonl")])
        #expect(index.count == 2)
        #expect(index.invalidLineCount == 2)
        #expect(index.entry(for: "bad/truncated.wav")?.status == .failed)
    }

    @Test("the latest record of a path wins")
    func latestWins() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var retried = SampleReports.failed
        retried.status = .ok
        retried.error = nil
        try directory.write(try line(SampleReports.failed) + "\n" + line(retried) + "\n", to: "run.jsonl")
        let index = try ResumeIndex.load(jsonlFiles: [directory.file("run.jsonl")])
        #expect(index.entry(for: "bad/truncated.wav")?.status == .ok)
    }

    @Test("per-file records under an --out directory load too, temporary files ignored")
    func loadsOutputDirectory() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let writer = ReportFileWriter(outputDirectory: directory.file("out"))
        try writer.write(SampleReports.full)
        try writer.write(SampleReports.failed)
        try directory.write("{", to: "out/.x.json.tmp-1-2")
        let index = try ResumeIndex.load(jsonlFiles: [], outputDirectory: directory.file("out"))
        #expect(Set(index.entries.keys) == [SampleReports.full.relativePath, "bad/truncated.wav"])
        #expect(index.invalidLineCount == 0)
        // The half-written temporary file of a killed run is found, and removed when asked.
        #expect(index.leftoverFiles.map(\.lastPathComponent) == [".x.json.tmp-1-2"])
        #expect(index.removeLeftovers() == 1)
        #expect(!FileManager.default.fileExists(atPath: directory.file("out/.x.json.tmp-1-2").path))
    }

    @Test("with --jsonl and --out, a file is done only when both hold its record (a kill between the two writes)")
    func everyOutputMustHoldIt() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let jsonl = try directory.write(
            try line(SampleReports.full) + "\n" + line(SampleReports.failed) + "\n", to: "reports.jsonl")
        // The failed file's per-file report was lost (killed between the two writes).
        try ReportFileWriter(outputDirectory: directory.file("out")).write(SampleReports.full)
        let index = try ResumeIndex.load(jsonlFiles: [jsonl], outputDirectory: directory.file("out"))
        #expect(Set(index.entries.keys) == [SampleReports.full.relativePath])
        let jsonlOnly = try ResumeIndex.load(jsonlFiles: [jsonl])
        #expect(jsonlOnly.count == 2)
    }

    @Test("current source facts come from the file system, to the nanosecond")
    func currentFacts() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let url = try directory.write("12345", to: "a.wav")
        let facts = try SourceFacts.current(atPath: url.path)
        #expect(facts.sizeBytes == 5)
        #expect(facts.mtimeSeconds > 1_600_000_000)
        #expect((0..<1_000_000_000).contains(facts.mtimeNanoseconds))
        #expect(try SourceFacts.current(atPath: url.path) == facts)
        #expect(throws: ReportError(code: .notFound, message: "x.wav: No such file or directory")) {
            try SourceFacts.current(atPath: directory.file("x.wav").path, relativePath: "x.wav")
        }
    }
}
