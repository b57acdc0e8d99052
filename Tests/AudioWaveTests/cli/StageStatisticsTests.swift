import Foundation
import Testing

@testable import StageEngine
@testable import audiowave

@Suite("audiowave analyze --stats")
struct StageStatisticsTests {
    @Test("--stats prints each stage's count, failures, retries and p50/p90/p99 to stderr after the summary")
    func statsFlag() throws {
        let input = try CLIRunner.fixtureFolder(["tempo/click_120bpm.wav", "bad/empty.wav"])
        let jsonl = input.deletingLastPathComponent().appendingPathComponent("out.jsonl")
        let output = try CLIRunner.run(["analyze", input.path, "--jsonl", jsonl.path, "--no-progress", "--stats"])
        #expect(output.status == 1, "the empty file fails: \(output.stderr)")
        let lines = output.stderr.split(separator: "\n").map(String.init)
        let start = try #require(lines.firstIndex(of: "stage statistics:"), "\(output.stderr)")
        #expect(
            lines[start + 1].split(separator: " ") == [
                "stage", "count", "failed", "retries", "p50", "ms", "p90", "ms", "p99", "ms",
            ])
        let preparation = try #require(lines.first { $0.hasPrefix("preparation ") })
        // Both files were probed; the empty one failed there, for its input (not counted against the stage).
        #expect(preparation.split(separator: " ").prefix(4) == ["preparation", "1", "0", "0"])
        #expect(lines.contains { $0.hasPrefix("feature_extraction ") || $0.hasPrefix("initial_analysis ") })
        #expect(lines.firstIndex { $0.hasPrefix("files: ") }.map { $0 < start } == true)

        let plain = try CLIRunner.run(["analyze", input.path, "--jsonl", jsonl.path, "--no-progress"])
        #expect(!plain.stderr.contains("stage statistics:"))
    }

    @Test("the table lists the stages that ran in stage order, with durations to 0.1 ms")
    func table() {
        let figures = BatchStatistics.StageFigures(
            completed: 9, failed: 1, retries: 2, successRate: 0.9, p50Ms: 1.26, p90Ms: 10, p99Ms: 1234.56, maxMs: 1300)
        let statistics = BatchStatistics(
            total: 10, finished: 10, succeeded: 9, failed: 1, partial: 0, earlyExited: 0, cancelled: 0, active: 0,
            successRate: 0.9, stages: ["deep_analysis": figures, "preparation": figures])
        let lines = StageStatisticsTable.render(statistics).split(separator: "\n").map(String.init)
        #expect(lines.count == 4)
        #expect(lines[2].hasPrefix("preparation") && lines[3].hasPrefix("deep_analysis"))
        #expect(lines[3].split(separator: " ") == ["deep_analysis", "10", "1", "2", "1.3", "10.0", "1234.6"])
    }
}
