import AudioWave
import Foundation
import Testing

@testable import audiowave

@Suite("audiowave eval")
struct EvalCommandTests {
    @Test("the fixtures' truth table prints ACC1, ACC2, the key score and the calibration")
    func fixturesText() throws {
        let output = try CLIRunner.run(["eval", "--truth", "fixtures/truth.csv"])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("tempo: 25 files, ACC1 1.000, ACC2 1.000"))
        #expect(
            output.stdout.contains(
                "key: 21 files, MIREX score 1.000 (correct 21, fifth 0, relative 0, parallel 0, other 0)"))
        #expect(output.stdout.contains("tempo confidence ≥ 0.95:"))
        #expect(output.stdout.contains("tempo errors: ×2 0, ×½ 0, ×3 0, ×⅓ 0, other 0, none 0"))
        #expect(output.stdout.contains("reliability (share right: tempo ACC1, key exact)"))
        #expect(!output.stdout.contains("source"), "fixtures/truth.csv has no source column")
    }

    @Test("--json writes per-file rows and totals; a file that cannot be decoded becomes an error row")
    func json() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let folder = directory.url
        let fixtures = CLIRunner.packageRoot.appendingPathComponent("fixtures").path
        let csv =
            "path,bpm,key,source\n\(fixtures)/key/chords_a_minor_100bpm.wav,50,C major,renders\n\(fixtures)/bad/empty.wav,120,,broken\n"
        let truth = folder.appendingPathComponent("truth.csv")
        try csv.write(to: truth, atomically: true, encoding: .utf8)
        // In-process, as `audiowave eval --truth … --json FILE --no-early-exit` (no child process).
        let scores = folder.appendingPathComponent("scores.json")
        try await EvalCommand.parse(["--truth", truth.path, "--json", scores.path, "--no-early-exit"]).run()
        let data = try Data(contentsOf: scores)
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        let rows = object?["rows"] as? [[String: Any]] ?? []
        #expect(rows.count == 2)
        #expect(rows.first?["estimated_key"] as? String == "A minor")
        #expect(rows.first?["key_match"] as? String == "relative")
        #expect(rows.first?["acc2"] as? Bool == true)
        #expect(rows.first?["acc1"] as? Bool == false)
        #expect(
            (rows.last?["error"] as? String)?.hasSuffix("empty.wav: empty: file is 0 bytes") == true,
            "\(rows.last ?? [:])")
        let totals = object?["totals"] as? [String: Any]
        #expect(totals?["errors"] as? Int == 1)
        #expect(totals?["key_score"] as? Double == 0.3)
        // The failed file is a tempo miss of class "none"; 100 BPM for a reference of 50 is ×2.
        #expect(
            totals?["tempo_errors"] as? [String: Int] == [
                "double": 1, "half": 0, "triple": 0, "third": 0, "other": 0, "none": 1,
            ])
        #expect(rows.last?["tempo_error"] as? String == "none")
        let sources = totals?["by_source"] as? [[String: Any]] ?? []
        #expect(sources.compactMap { $0["source"] as? String } == ["broken", "renders"])
        #expect(sources.first?["errors"] as? Int == 1 && sources.last?["key_score"] as? Double == 0.3)
        #expect((totals?["key_reliability"] as? [String: Any])?["bins"] is [[String: Any]])
        // The text summary (the same report, read back from the JSON) names the file that failed.
        let text = try JSONDecoder().decode(EvaluationReport.self, from: data).renderText()
        #expect(text.contains("error: \(fixtures)/bad/empty.wav: empty: file is 0 bytes"), "\(text)")
        #expect(text.contains("files: 2 (errors: 1)"))
        #expect(text.contains("source   files  tempo   ACC1   ACC2    key  MIREX"), "\(text)")
    }
}
