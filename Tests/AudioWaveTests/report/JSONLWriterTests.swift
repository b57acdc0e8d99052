import Foundation
import Testing

@testable import AudioWave
@testable import AudioWaveReport

@Suite("JSONLWriter")
struct JSONLWriterTests {
    @Test("concurrent writers produce one complete, decodable line per record")
    func concurrentWrites() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let writer = try JSONLWriter(url: directory.file("out.jsonl"))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<24 {
                group.addTask {
                    var report = SampleReports.full
                    report.relativePath = "track-\(index).wav"
                    try await writer.write(report)
                }
            }
            try await group.waitForAll()
        }
        try await writer.close()
        #expect(await writer.linesWritten == 24)
        let text = try directory.read("out.jsonl")
        #expect(text.hasSuffix("\n"))
        let lines = text.split(separator: "\n")
        #expect(lines.count == 24)
        let paths = try Set(lines.map { try ReportJSON.decodeReport(from: Data($0.utf8)).relativePath })
        #expect(paths == Set((0..<24).map { "track-\($0).wav" }))
    }

    @Test("a writer on a stream writes whole lines to it and leaves it open")
    func stream() async throws {
        let pipe = Pipe()
        let writer = JSONLWriter(stream: pipe.fileHandleForWriting)
        try await writer.write(SampleReports.full)
        try await writer.write(SampleReports.failed)
        try await writer.close()
        try pipe.fileHandleForWriting.write(contentsOf: Data("after\n".utf8))  // still open
        try pipe.fileHandleForWriting.close()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let lines = text.split(separator: "\n")
        #expect(lines.count == 3 && lines[2] == "after")
        #expect(
            try ReportJSON.decodeReport(from: Data(lines[1].utf8)).relativePath == SampleReports.failed.relativePath)
    }

    @Test("opening an existing file appends after its records")
    func appends() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let url = directory.file("out.jsonl")
        let first = try JSONLWriter(url: url)
        try await first.write(SampleReports.full)
        try await first.close()
        let second = try JSONLWriter(url: url)
        try await second.write(SampleReports.failed)
        try await second.close()
        let lines = try directory.read("out.jsonl").split(separator: "\n")
        #expect(lines.count == 2)
        #expect(try ReportJSON.decodeReport(from: Data(lines[1].utf8)).status == .failed)
    }

    @Test("a torn last line from a killed run is cut off before appending")
    func repairsTornTail() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let complete = String(decoding: try ReportJSON.encodeLine(SampleReports.full), as: UTF8.self)
        let torn = "{\"relative_path\":\"half"
        try directory.write(complete + "\n" + torn, to: "out.jsonl")
        let writer = try JSONLWriter(url: directory.file("out.jsonl"))
        #expect(writer.repairedTailBytes == torn.utf8.count)
        try await writer.write(SampleReports.silent)
        try await writer.close()
        let lines = try directory.read("out.jsonl").split(separator: "\n")
        #expect(lines.count == 2)
        #expect(
            try lines.map { try ReportJSON.decodeReport(from: Data($0.utf8)).relativePath }
                == [SampleReports.full.relativePath, "silence.wav"])
    }

    @Test("a file holding only a torn line becomes empty")
    func tornOnly() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("{\"rel", to: "out.jsonl")
        let writer = try JSONLWriter(url: directory.file("out.jsonl"))
        #expect(writer.repairedTailBytes == 5)
        #expect(try directory.read("out.jsonl") == "")
    }

    @Test("without per-line sync, lines are still whole and all present after close")
    func unsynced() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let writer = try JSONLWriter(url: directory.file("events.jsonl"), syncsEachLine: false)
        for index in 0..<100 { try await writer.write(["index": index]) }
        try await writer.close()
        let lines = try directory.read("events.jsonl").split(separator: "\n")
        #expect(lines.count == 100 && lines.last == "{\"index\":99}")
    }

    @Test("a second writer on the same file is refused while the first is open, allowed after close")
    func exclusive() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let first = try JSONLWriter(url: directory.file("out.jsonl"))
        try await first.write(SampleReports.full)
        #expect(throws: JSONLWriterError.locked(directory.file("out.jsonl").path)) {
            try JSONLWriter(url: directory.file("out.jsonl"), truncate: true)
        }
        try await first.close()
        #expect(try directory.read("out.jsonl").split(separator: "\n").count == 1)
        let second = try JSONLWriter(url: directory.file("out.jsonl"))
        try await second.close()
    }

    @Test("truncate starts from an empty file")
    func truncates() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("old\n", to: "out.jsonl")
        let writer = try JSONLWriter(url: directory.file("out.jsonl"), truncate: true)
        try await writer.write(SampleReports.failed)
        try await writer.close()
        #expect(try directory.read("out.jsonl").split(separator: "\n").count == 1)
    }

    @Test("a raw line containing a newline, or a write after close, is refused")
    func refusals() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let writer = try JSONLWriter(url: directory.file("out.jsonl"))
        await #expect(throws: JSONLWriterError.self) { try await writer.writeLine(Data("{}\n{}".utf8)) }
        try await writer.close()
        await #expect(throws: JSONLWriterError.self) { try await writer.write(SampleReports.full) }
        #expect(try directory.read("out.jsonl") == "")
    }
}
