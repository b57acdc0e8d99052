import Foundation
import Testing

@testable import AudioWave

/// `--jsonl -` and `--csv -`: the output on standard output, and nothing else there.
@Suite("--jsonl - and --csv - write to standard output")
struct StandardOutputTests {
    /// Runs `analyze` on one clear file and one empty file in a fresh working folder, with progress on.
    static func run(_ output: [String]) throws -> (CLIRunner.Output, URL) {
        let input = try CLIRunner.fixtureFolder(["tempo/click_120bpm.wav", "bad/empty.wav"])
        let workingFolder = input.deletingLastPathComponent()
        return (try CLIRunner.run(["analyze", input.path] + output, directory: workingFolder), workingFolder)
    }

    @Test("--jsonl - prints one report per line and nothing else; progress and summary go to stderr")
    func jsonl() throws {
        let (result, folder) = try Self.run(["--jsonl", "-"])
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(result.status == 1, "one file failed: \(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 2, "\(result.stdout)")
        let paths = try lines.map { try ReportJSON.decodeReport(from: Data($0.utf8)).relativePath }
        #expect(Set(paths) == ["tempo/click_120bpm.wav", "bad/empty.wav"])
        #expect(result.stderr.contains("progress: 2/2 files") && result.stderr.contains("files: 2 analyzed"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("-").path))
    }

    @Test("--csv - prints the CSV and nothing else")
    func csv() throws {
        let (result, folder) = try Self.run(["--csv", "-", "--out", "reports"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 4 && lines[3].isEmpty, "\(result.stdout)")
        #expect(lines.first.map(String.init) == CSVSummary.headerLine)
        #expect(lines[1].hasPrefix("bad/empty.wav,failed,") && lines[2].hasPrefix("tempo/click_120bpm.wav,ok,"))
        #expect(result.stderr.contains("files: 2 analyzed"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("-").path))
        #expect(
            FileManager.default.fileExists(atPath: folder.appendingPathComponent("reports/bad/empty.wav.json").path))
    }
}
