import Foundation
import Testing

@testable import AudioWave

/// `audiowave analyze -`: one stream from standard input (issue 15, item 3).
@Suite("audiowave analyze - (standard input)")
struct StandardInputTests {
    /// Runs `audiowave analyze - ARGS` with `input` on standard input; returns status, stdout, stderr.
    static func run(
        input: String?, _ arguments: [String]
    ) throws -> (
        status: Int32, stdout: String, stderr: String, pid: Int32
    ) {
        let folder = try TestAudio.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let process = Process()
        process.executableURL = CLIRunner.productsDirectory.appendingPathComponent("audiowave")
        process.arguments = ["analyze", "-"] + arguments
        let empty = folder.appendingPathComponent("empty")
        _ = FileManager.default.createFile(atPath: empty.path, contents: Data())
        process.standardInput = try FileHandle(forReadingFrom: input.map { URL(fileURLWithPath: $0) } ?? empty)
        let stdout = folder.appendingPathComponent("stdout")
        let stderr = folder.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: stdout.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderr.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: stdout)
        process.standardError = try FileHandle(forWritingTo: stderr)
        try process.run()
        process.waitUntilExit()
        return (
            process.terminationStatus, try String(contentsOf: stdout, encoding: .utf8),
            try String(contentsOf: stderr, encoding: .utf8), process.processIdentifier
        )
    }

    @Test(
        "a file piped into analyze - gets its report on --jsonl -, and the temporary copy is removed",
        arguments: ["formats/song_d_major_120bpm.flac", "formats/song_d_major_120bpm.mp3"])
    func pipedFile(fixture: String) throws {
        let result = try Self.run(
            input: TestAudio.fixture(fixture), ["--only", "tempo,key", "--no-progress", "--jsonl", "-"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 1)
        let report = try JSONSerialization.jsonObject(with: Data((lines.first ?? "").utf8)) as? [String: Any]
        #expect(report?["relative_path"] as? String == "stdin")
        #expect(report?["status"] as? String == "ok")
        #expect((report?["tempo"] as? [String: Any])?["bpm"] as? Double == 120)
        #expect((report?["key"] as? [String: Any])?["name"] as? String == "D major")
        #expect(try Self.spools(of: result.pid).isEmpty, "the copy of standard input must be removed")
    }

    @Test("empty standard input, - beside other paths, and - with --resume are usage errors (exit 2)")
    func usage() throws {
        let empty = try Self.run(input: nil, ["--no-progress"])
        #expect(empty.status == 2 && empty.stderr.contains("standard input is empty"), "\(empty.stderr)")
        let mixed = try Self.run(input: nil, [TestAudio.fixture("tempo"), "--no-progress"])
        #expect(mixed.status == 2 && mixed.stderr.contains("read alone"), "\(mixed.stderr)")
        let resumed = try Self.run(input: nil, ["--resume", "--jsonl", "/tmp/never-written.jsonl"])
        #expect(resumed.status == 2, "\(resumed.stderr)")
    }

    /// The spool folders a CLI process of this pid left in the temporary directory.
    static func spools(of pid: Int32) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: FileManager.default.temporaryDirectory.path)
            .filter { $0.hasPrefix("audiowave-stdin-\(pid)-") }
    }
}
