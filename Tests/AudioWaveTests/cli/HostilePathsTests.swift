import Foundation
import Testing

@testable import AudioWavePaths

@Suite("audiowave analyze and info: names that are not UTF-8, special files, unlistable folders")
struct HostilePathsTests {
    private let click = TestAudio.fixtures.appendingPathComponent("tempo/click_90bpm.wav")
    private static let latin1Name: [UInt8] = Array("caf".utf8) + [0xE9] + Array(".wav".utf8)

    /// Runs `launcher… audiowave arguments…` (a launcher such as `setpriv` or `sh -c`, or none), like
    /// ``CLIRunner/run``, but with stdout and stderr going to files: a decoder that prints much on stderr
    /// (libmpg123 on broken MP3 frames) cannot fill a pipe nobody reads yet and stall the run. A run
    /// still going after `watchdogSeconds` is terminated (the test then fails on its status).
    static func run(
        _ launcher: [String], _ arguments: [String], watchdogSeconds: Double = 300
    ) throws
        -> CLIRunner.Output
    {
        let audiowave = CLIRunner.productsDirectory.appendingPathComponent("audiowave").path
        let capture = try TemporaryDirectory()
        defer { capture.remove() }
        try Data().write(to: capture.file("out"))
        try Data().write(to: capture.file("err"))
        let out = try FileHandle(forWritingTo: capture.file("out"))
        let err = try FileHandle(forWritingTo: capture.file("err"))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: launcher.first ?? audiowave)
        process.arguments = launcher.isEmpty ? arguments : Array(launcher.dropFirst()) + [audiowave] + arguments
        process.currentDirectoryURL = CLIRunner.packageRoot
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let watchdog = DispatchWorkItem { [process] in if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + watchdogSeconds, execute: watchdog)
        process.waitUntilExit()
        watchdog.cancel()
        try out.close()
        try err.close()
        return CLIRunner.Output(
            status: process.terminationStatus, stdout: try capture.read("out"), stderr: try capture.read("err"))
    }

    @Test("a Latin-1 name is analysed under its \\xHH name; a FIFO and a device link are listed skips, exit 1")
    func folderWithHostileNames() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let input = directory.file("in")
        try FileManager.default.createDirectory(
            at: input.appendingPathComponent("sub"), withIntermediateDirectories: true)
        try HostileFiles.copy(click, to: input, name: Self.latin1Name)
        try HostileFiles.fifo(at: input.appendingPathComponent("sub/pipe.wav"))
        try FileManager.default.createSymbolicLink(
            atPath: input.appendingPathComponent("sub/null.flac").path, withDestinationPath: "/dev/null")
        let jsonl = directory.file("out.jsonl")
        let output = try CLIRunner.run([
            "analyze", input.path, "--jsonl", jsonl.path, "--only", "loudness", "--no-progress",
        ])
        #expect(output.status == 1, "a skip is reported in the exit status: \(output.stderr)")
        let records = try CLIRunner.records(inJSONL: jsonl)
        #expect(records.map { $0["relative_path"] as? String } == ["caf\\xE9.wav"])
        #expect(records.first?["status"] as? String == "ok")
        #expect(output.stderr.contains("audiowave: sub/pipe.wav: a FIFO, not a regular file: skipped"))
        #expect(output.stderr.contains("audiowave: sub/null.flac: a character device, not a regular file: skipped"))
        #expect(output.stderr.contains("skipped without a record: 2 path(s)"))

        // The same folder without the special files: exit 0.
        try FileManager.default.removeItem(at: input.appendingPathComponent("sub"))
        let clean = try CLIRunner.run(["analyze", input.path, "--only", "loudness", "--no-progress"])
        #expect(clean.status == 0, "\(clean.stderr)")
        #expect(!clean.stderr.contains("skipped without a record"))
    }

    @Test("a name that is not UTF-8 given on the command line is analysed, not not_found")
    func directArgument() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try HostileFiles.copy(click, to: directory.url, name: Self.latin1Name)
        let jsonl = directory.file("out.jsonl")
        // Process passes arguments as UTF-8: the shell's printf makes the byte 0xE9.
        let output = try Self.run(
            ["/bin/sh", "-c", "exec \"$0\" analyze \"$(printf '\(directory.url.path)/caf\\351.wav')\" \"$@\""],
            ["--jsonl", jsonl.path, "--only", "loudness", "--no-progress"])
        #expect(output.status == 0, "\(output.stderr)")
        let record = try #require(try CLIRunner.records(inJSONL: jsonl).first)
        #expect(record["relative_path"] as? String == "caf\\xE9.wav")
        #expect(record["status"] as? String == "ok")
    }

    @Test("info lists a name that is not UTF-8 with its facts, and a FIFO as an error")
    func info() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try HostileFiles.copy(click, to: directory.url, name: Self.latin1Name)
        try HostileFiles.fifo(at: directory.file("pipe.wav"))
        let output = try CLIRunner.run(["info", "--json", directory.url.path])
        #expect(output.status == 1)
        let objects = try output.stdout.split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] ?? [:]
        }
        #expect(objects.count == 2)
        let prefix = directory.url.path + "/"
        #expect(objects.first?["path"] as? String == prefix + "caf\\xE9.wav")
        #expect((objects.first?["properties"] as? [String: Any])?["sample_rate"] as? Int == 22050)
        #expect(objects.last?["path"] as? String == prefix + "pipe.wav")
        #expect((objects.last?["error"] as? [String: Any])?["code"] as? String == "unreadable")
    }

    @Test("a path longer than PATH_MAX gets a failed record with the reason")
    func pathMax() throws {
        let directory = try TemporaryDirectory()
        defer { HostileFiles.removeTree(directory.url) }
        let input = directory.file("in")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        let copies = try HostileFiles.deepTree(under: input, levels: 21, file: click, filesAt: [20])
        let jsonl = directory.file("out.jsonl")
        let output = try CLIRunner.run(["analyze", input.path, "--jsonl", jsonl.path, "--no-progress"])
        #expect(output.status == 1)
        let record = try #require(try CLIRunner.records(inJSONL: jsonl).first)
        #expect(record["relative_path"] as? String == copies[20])
        let error = record["error"] as? [String: Any]
        #expect(error?["code"] as? String == "unreadable")
        #expect((error?["message"] as? String)?.contains("PATH_MAX") == true)
    }

    @Test(
        "a folder that cannot be listed is named on stderr, counted, and makes the exit status 1",
        .enabled(if: !HostileFiles.readsEverything || FileManager.default.fileExists(atPath: "/usr/bin/setpriv")))
    func unlistableFolder() throws {
        let directory = try TemporaryDirectory()
        let locked = directory.file("in/locked")
        defer {
            chmod(locked.path, 0o755)
            directory.remove()
        }
        try FileManager.default.createDirectory(at: locked, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: click, to: directory.file("in/good.wav"))
        chmod(locked.path, 0)
        // Root reads any folder: drop the capabilities that let it (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH).
        let launcher =
            HostileFiles.readsEverything
            ? ["/usr/bin/setpriv", "--bounding-set", "-dac_override,-dac_read_search"] : []
        let output = try Self.run(
            launcher, ["analyze", directory.file("in").path, "--only", "loudness", "--no-progress"])
        #expect(output.status == 1, "\(output.stderr)")
        #expect(output.stderr.contains("audiowave: skipping folder locked: Permission denied"))
        #expect(output.stderr.contains("1 folder(s) that cannot be listed"))
    }
}
