import Foundation
import Testing

@testable import AudioWave

/// `kill -9` at varied moments of a run writing `--jsonl` and `--out` together, then `--resume`: every file
/// must end in every output exactly once, and no temporary file may stay behind (issue 14, point 4).
@Suite("audiowave analyze, killed and resumed with two outputs")
struct KillResumeTests {
    static let inputs =
        CLIRunner.smallBatch + [
            "key/chords_e_minor_96bpm.wav", "tempo/click_90bpm.wav", "tempo/click_128bpm.wav",
            "tempo/click_174bpm.wav",
        ]

    /// Kill points: after this many JSONL records, plus a delay in microseconds, so that some kills land
    /// between the JSONL line and the `--out` file of one report and some in the middle of an analysis.
    @Test(
        "after kill -9 and --resume, every file is once in the JSONL and once under --out, no temp file left",
        arguments: [(1, 0), (2, 7_000), (4, 1_500), (6, 15_000)])
    func killAndResume(records: Int, delayMicroseconds: UInt32) throws {
        let input = try CLIRunner.fixtureFolder(Self.inputs)
        let base = input.deletingLastPathComponent()
        let jsonl = base.appendingPathComponent("run.jsonl")
        let out = base.appendingPathComponent("reports")
        let arguments = ["analyze", input.path, "--jsonl", jsonl.path, "--out", out.path, "--no-progress"]
        let process = Process()
        process.executableURL = CLIRunner.productsDirectory.appendingPathComponent("audiowave")
        process.arguments = arguments + ["--jobs", "1"]
        process.standardError = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, process.isRunning {
            let count = (try? String(contentsOf: jsonl, encoding: .utf8))?.split(separator: "\n").count ?? 0
            if count >= records { break }
            usleep(2_000)
        }
        usleep(delayMicroseconds)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()

        let resumed = try CLIRunner.run(arguments + ["--resume"])
        #expect([0, 1].contains(resumed.status), "\(resumed.stderr)")
        let paths = try CLIRunner.records(inJSONL: jsonl).compactMap { $0["relative_path"] as? String }
        #expect(paths.count == Self.inputs.count, "JSONL: \(paths.sorted())")
        #expect(Set(paths) == Set(Self.inputs))
        let written = try Self.files(under: out)
        let reports = written.filter { $0.hasSuffix(".json") }
        #expect(Set(reports) == Set(Self.inputs.map { $0 + ".json" }), "--out: \(written.sorted())")
        #expect(written.count == reports.count, "left behind: \(written.filter { !$0.hasSuffix(".json") })")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: base.path)
            .filter { $0 != "input" && $0 != "reports" && $0 != "run.jsonl" }
        #expect(leftovers.isEmpty, "beside the outputs: \(leftovers)")
    }

    /// Every regular file under `folder`, relative to it.
    static func files(under folder: URL) throws -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: folder.path) else { return [] }
        var found: [String] = []
        while let path = walker.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(
                atPath: folder.appendingPathComponent(path).path, isDirectory: &isDirectory),
                !isDirectory.boolValue
            {
                found.append(path)
            }
        }
        return found
    }
}
