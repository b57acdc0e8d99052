import Foundation
import Testing

@testable import AudioWave
@testable import AudioWaveReport

@Suite("ReportFileWriter and AtomicFile")
struct ReportFileWriterTests {
    @Test("a report is written as RELATIVE_PATH.json mirroring the input tree")
    func mirrorsTree() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let writer = ReportFileWriter(outputDirectory: directory.url)
        var report = SampleReports.full
        report.relativePath = "album/disc 1/01.flac"
        let url = try writer.write(report)
        #expect(url.path == directory.file("album/disc 1/01.flac.json").path)
        let decoded = try ReportJSON.decodeReport(from: Data(contentsOf: url))
        #expect(decoded == report)
    }

    @Test("rewriting replaces the file and leaves no temporary files behind")
    func replacesAtomically() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let writer = ReportFileWriter(outputDirectory: directory.url)
        var report = SampleReports.failed
        report.relativePath = "a.wav"
        try writer.write(report)
        report.status = .ok
        report.error = nil
        try writer.write(report)
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.url.path)
        #expect(names == ["a.wav.json"])
        #expect(try ReportJSON.decodeReport(from: Data(contentsOf: directory.file("a.wav.json"))).status == .ok)
    }

    @Test(
        "paths that would escape the output directory are refused",
        arguments: ["", "/etc/x", "../x", "a/../../x", "a//b", "./a"])
    func refusesEscapes(path: String) throws {
        let writer = ReportFileWriter(outputDirectory: URL(fileURLWithPath: "/tmp/out"))
        #expect(throws: ReportPathError(relativePath: path)) { try writer.url(forRelativePath: path) }
    }

    @Test("AtomicFile creates missing directories and writes the exact bytes")
    func atomicWrite() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let target = directory.file("deep/er/file.csv")
        try AtomicFile.write(Data("a,b\n".utf8), to: target)
        #expect(try directory.read("deep/er/file.csv") == "a,b\n")
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.file("deep/er").path)
        #expect(names == ["file.csv"])
    }
}
