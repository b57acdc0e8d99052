import Foundation
import Testing

@testable import audiowave

/// Runs `audiowave analyze arguments…` in this process (no child process; signals left alone) and returns
/// its exit status.
func analyzeInProcess(_ arguments: [String]) async throws -> Int32 {
    try await BatchPlan(command: AnalyzeCommand.parse(arguments + ["--no-progress"])).execute(handlingSignals: false)
}

@Suite("audiowave analyze, end to end")
struct AnalyzeCommandTests {
    @Test("every fixture gets one schema-valid record: the bad ones failed with their codes, the rest ok")
    func fixturesEndToEnd() throws {
        let jsonl = try TestAudio.temporaryDirectory().appendingPathComponent("all.jsonl")
        let output = try CLIRunner.run(["analyze", "fixtures", "--jsonl", jsonl.path, "--no-progress"])
        #expect(output.status == 1, "some fixtures are broken on purpose: \(output.stderr)")
        let validator = try SchemaValidator.reportSchema()
        let lines = try String(contentsOf: jsonl, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 29)
        var statuses: [String: String] = [:]
        var codes: [String: String] = [:]
        for line in lines {
            let value = try JSONValue.parse(Data(line.utf8))
            #expect(validator.errors(in: value).isEmpty, "\(validator.errors(in: value))")
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] ?? [:]
            let path = object["relative_path"] as? String ?? "?"
            statuses[path] = object["status"] as? String
            codes[path] = (object["error"] as? [String: Any])?["code"] as? String
        }
        #expect(codes["bad/empty.wav"] == "empty")
        #expect(codes["bad/not_audio.wav"] == "unsupported_format")
        #expect(codes["bad/truncated.wav"] == "truncated")
        #expect(statuses.filter { $0.value == "ok" }.count == 26)
        #expect(statuses.filter { !$0.key.hasPrefix("bad/") }.allSatisfy { $0.value == "ok" })
    }

    @Test("a silent file is ok and silent, with null tempo and key and a reason")
    func silence() async throws {
        let input = try CLIRunner.fixtureFolder(["silence/silence_3s.wav"])
        let jsonl = input.deletingLastPathComponent().appendingPathComponent("out.jsonl")
        #expect(try await analyzeInProcess([input.path, "--jsonl", jsonl.path]) == 0)
        let record = try #require(try CLIRunner.records(inJSONL: jsonl).first)
        #expect(record["status"] as? String == "ok")
        #expect(record["silent"] as? Bool == true)
        #expect(record["tempo"] is NSNull && record["key"] is NSNull)
        #expect(record["tempo_unavailable_reason"] as? String == "silent")
    }

    @Test("clear files exit early after the initial analysis; --no-early-exit runs every stage")
    func earlyExit() async throws {
        let input = try CLIRunner.fixtureFolder(["key/chords_c_major_120bpm.wav", "key/chords_g_major_110bpm.wav"])
        let base = input.deletingLastPathComponent()
        // The tempo confidence is calibrated on real recordings and stays under 0.95 on these chord renders
        // (0.89–0.92), so the gate is tested at 0.85.
        _ = try await analyzeInProcess([
            input.path, "--jsonl", base.appendingPathComponent("fast.jsonl").path, "--quality-threshold", "0.85",
        ])
        _ = try await analyzeInProcess([
            input.path, "--jsonl", base.appendingPathComponent("full.jsonl").path, "--no-early-exit",
        ])
        let fast = try CLIRunner.records(inJSONL: base.appendingPathComponent("fast.jsonl"))
        let full = try CLIRunner.records(inJSONL: base.appendingPathComponent("full.jsonl"))
        let exits = fast.compactMap { $0["early_exit"] as? [String: Any] }
        #expect(!exits.isEmpty)
        #expect(
            exits.allSatisfy { $0["stage"] as? String == "initial_analysis" && ($0["quality"] as? Double ?? 0) >= 0.85 }
        )
        #expect(full.count == 2 && full.allSatisfy { $0["early_exit"] is NSNull })
        for record in full {
            let stages = record["stages"] as? [[String: Any]] ?? []
            #expect(stages.count == 7 && stages.allSatisfy { $0["status"] as? String == "completed" })
        }
    }

    @Test("a run killed with SIGKILL and resumed has every file exactly once")
    func resumeAfterKill() throws {
        let input = try CLIRunner.fixtureFolder(
            CLIRunner.smallBatch + ["key/chords_e_minor_96bpm.wav", "tempo/click_90bpm.wav"])
        let jsonl = input.deletingLastPathComponent().appendingPathComponent("run.jsonl")
        let process = Process()
        process.executableURL = CLIRunner.productsDirectory.appendingPathComponent("audiowave")
        process.arguments = ["analyze", input.path, "--jsonl", jsonl.path, "--jobs", "1", "--no-progress"]
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            let count = (try? String(contentsOf: jsonl, encoding: .utf8))?.split(separator: "\n").count ?? 0
            if count >= 3 { break }
            usleep(20_000)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let before = try CLIRunner.records(inJSONL: jsonl).count
        #expect(before >= 3 && before < 8, "killed after \(before) records")

        let resumed = try CLIRunner.run(["analyze", input.path, "--jsonl", jsonl.path, "--resume", "--no-progress"])
        #expect(resumed.stderr.contains("\(before) skipped by --resume"), "\(resumed.stderr)")
        let paths = try CLIRunner.records(inJSONL: jsonl).compactMap { $0["relative_path"] as? String }
        #expect(paths.count == 8)
        #expect(Set(paths).count == 8)
    }

    @Test("four shards merged equal one unsharded run")
    func shardsMerge() async throws {
        let input = try CLIRunner.fixtureFolder(CLIRunner.smallBatch)
        let base = input.deletingLastPathComponent()
        let whole = base.appendingPathComponent("whole.jsonl")
        _ = try await analyzeInProcess([input.path, "--jsonl", whole.path])
        var shardFiles: [String] = []
        for k in 0..<4 {
            let file = base.appendingPathComponent("shard-\(k).jsonl").path
            shardFiles.append(file)
            _ = try await analyzeInProcess([input.path, "--shard", "\(k)/4", "--jsonl", file])
        }
        let merged = base.appendingPathComponent("merged.jsonl")
        // MergeCommand.run() throws ExitCode(1) unless every record is present once and valid.
        try MergeCommand.parse([merged.path] + shardFiles + ["--expect", input.path]).run()
        func summary(_ url: URL) throws -> [String: String] {
            Dictionary(
                uniqueKeysWithValues: try CLIRunner.records(inJSONL: url).map { record in
                    let tempo = (record["tempo"] as? [String: Any])?["bpm"] as? Double
                    let key = (record["key"] as? [String: Any])?["name"] as? String
                    return (
                        record["relative_path"] as? String ?? "?",
                        "\(record["status"] ?? "") \(tempo ?? 0) \(key ?? "-")"
                    )
                })
        }
        #expect(try summary(merged) == summary(whole))
        #expect(try summary(whole).count == CLIRunner.smallBatch.count)
    }

    @Test("merge reports a file missing from the shards")
    func mergeMissing() async throws {
        let input = try CLIRunner.fixtureFolder(["tempo/click_120bpm.wav", "bad/empty.wav"])
        let base = input.deletingLastPathComponent()
        let shard = base.appendingPathComponent("one.jsonl")
        _ = try await analyzeInProcess([input.appendingPathComponent("bad").path, "--jsonl", shard.path])
        let merge = try CLIRunner.run([
            "merge", base.appendingPathComponent("m.jsonl").path, shard.path, "--expect", input.path,
        ])
        #expect(merge.status == 1)
        // The tested MergeResult.summaryText(), not a second rendering. The shard scanned bad/ as its root,
        // so its record is "empty.wav": both expected paths are missing, and that one names no file under the
        // root any more: stale.
        #expect(merge.stdout.contains("missing: 2\n  bad/empty.wav\n  tempo/click_120bpm.wav\n"), "\(merge.stdout)")
        #expect(merge.stdout.contains("stale: 1 (no longer on disk: kept)\n  empty.wav\n"))
    }

    @Test("merge keeps a re-analysis with another configuration without error, and reports a deleted input as stale")
    func mergeReanalysedAndStale() async throws {
        let input = try CLIRunner.fixtureFolder(["tempo/click_120bpm.wav", "silence/silence_3s.wav"])
        let base = input.deletingLastPathComponent()
        let old = base.appendingPathComponent("old.jsonl")
        let new = base.appendingPathComponent("new.jsonl")
        _ = try await analyzeInProcess([input.path, "--jsonl", old.path, "--only", "tempo", "--no-progress"])
        _ = try await analyzeInProcess([input.path, "--jsonl", new.path, "--only", "key", "--no-progress"])
        try FileManager.default.removeItem(at: input.appendingPathComponent("silence/silence_3s.wav"))
        let merged = base.appendingPathComponent("merged.jsonl")
        let merge = try CLIRunner.run(["merge", merged.path, old.path, new.path, "--expect", input.path])
        #expect(merge.status == 0, "\(merge.stdout)\(merge.stderr)")
        #expect(merge.stdout.contains("replaced: 2 (re-analysed: the newest analysis is kept)\n"), "\(merge.stdout)")
        #expect(merge.stdout.contains("stale: 1 (no longer on disk: kept)\n  silence/silence_3s.wav\n"))
        #expect(!merge.stdout.contains("conflicting:"))
        let records = try CLIRunner.records(inJSONL: merged)
        #expect(records.count == 2 && records.allSatisfy { $0["analyses"] as? [String] == ["key"] }, "the newest")
        let dropped = try CLIRunner.run([
            "merge", merged.path, old.path, new.path, "--expect", input.path, "--drop-stale",
        ])
        #expect(dropped.status == 0 && dropped.stdout.contains("stale: 1 (no longer on disk: left out)"))
        #expect(
            try CLIRunner.records(inJSONL: merged).compactMap { $0["relative_path"] as? String } == [
                "tempo/click_120bpm.wav"
            ])
    }

    @Test("merge names an input it cannot read and exits 2, with no NSError dump")
    func mergeUnreadableInput() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let missing = directory.file("missing.jsonl").path
        let result = try CLIRunner.run(["merge", directory.file("out.jsonl").path, missing])
        #expect(result.status == 2)
        #expect(result.stderr == "audiowave: merge input \(missing): cannot read: No such file or directory\n")
        let folder = try CLIRunner.run(["merge", directory.file("out.jsonl").path, directory.url.path])
        #expect(folder.status == 2 && folder.stderr.hasSuffix("cannot read: Is a directory\n"), "\(folder.stderr)")
    }

    @Test("exit status: 0 when every file is ok, 2 for bad usage (not argument-parser's 64) and a bad configuration")
    func exitCodes() throws {
        let input = try CLIRunner.fixtureFolder(["tempo/click_120bpm.wav"])
        #expect(try CLIRunner.run(["analyze", input.path, "--no-progress"]).status == 0)
        let jobs = try CLIRunner.run(["analyze", input.path, "--jobs", "-1"])
        #expect(jobs.status == 2)
        #expect(jobs.stderr.contains("--jobs must be at least 1, got -1"), "\(jobs.stderr)")
        #expect(try CLIRunner.run(["analyze"]).status == 2)
        #expect(try CLIRunner.run(["analyze", input.path, "--shard", "5/4", "--no-progress"]).status == 2)
        let config = input.deletingLastPathComponent().appendingPathComponent("engine.json")
        try #"{"no_such_key": 1}"#.write(to: config, atomically: true, encoding: .utf8)
        let bad = try CLIRunner.run(["analyze", input.path, "--config", config.path, "--no-progress"])
        #expect(bad.status == 2 && bad.stderr.hasPrefix("audiowave: "), "\(bad.stderr)")
        let help = try CLIRunner.run(["analyze", "--help"])
        #expect(help.status == 0 && help.stdout.contains("--excerpt-seconds"))
    }

    @Test("--only tempo,key writes tempo and key, null loudness and features, and lists the analyses")
    func onlyTempoAndKey() async throws {
        let input = try CLIRunner.fixtureFolder(["tempo/click_120bpm.wav"])
        let jsonl = input.deletingLastPathComponent().appendingPathComponent("out.jsonl")
        #expect(try await analyzeInProcess([input.path, "--jsonl", jsonl.path, "--only", "tempo,key"]) == 0)
        let record = try #require(try CLIRunner.records(inJSONL: jsonl).first)
        #expect(record["analyses"] as? [String] == ["tempo", "key"])
        #expect(record["tempo"] is [String: Any])
        // Metronome clicks hold no key: the key was computed and found none.
        #expect(record["key"] is NSNull && record["key_unavailable_reason"] as? String == "no tonal content found")
        #expect(record["loudness"] is NSNull && record["features"] is NSNull)
    }

    @Test("--out writes one report per file under the folder, mirroring relative paths; --csv a table")
    func outAndCSV() async throws {
        let input = try CLIRunner.fixtureFolder(["tempo/click_120bpm.wav", "bad/empty.wav"])
        let base = input.deletingLastPathComponent()
        let csv = base.appendingPathComponent("summary.csv")
        let status = try await analyzeInProcess([
            input.path, "--out", base.appendingPathComponent("reports").path, "--csv", csv.path,
        ])
        #expect(status == 1)
        let report = base.appendingPathComponent("reports/tempo/click_120bpm.wav.json")
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: report)) as? [String: Any]
        #expect(object?["relative_path"] as? String == "tempo/click_120bpm.wav")
        #expect(object?["absolute_path"] is NSNull)
        let rows = try String(contentsOf: csv, encoding: .utf8).split(separator: "\n")
        #expect(rows.count == 3)
        #expect(rows.contains { $0.hasPrefix("bad/empty.wav,failed") })
    }
}

@Suite("audiowave analyze, interrupted")
struct InterruptTests {
    @Test("SIGINT stops the batch with status 130, prints the summary, and a resumed run finishes every file once")
    func interruptAndResume() throws {
        let input = try CLIRunner.fixtureFolder(
            CLIRunner.smallBatch + ["key/chords_e_minor_96bpm.wav", "tempo/click_90bpm.wav"])
        let jsonl = input.deletingLastPathComponent().appendingPathComponent("run.jsonl")
        let process = Process()
        process.executableURL = CLIRunner.productsDirectory.appendingPathComponent("audiowave")
        process.arguments = ["analyze", input.path, "--jsonl", jsonl.path, "--jobs", "1", "--no-progress"]
        let stderr = Pipe()
        process.standardError = stderr
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline,
            ((try? String(contentsOf: jsonl, encoding: .utf8))?.split(separator: "\n").count ?? 0) < 3
        {
            usleep(20_000)
        }
        kill(process.processIdentifier, SIGINT)
        let message = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 130)
        #expect(message.contains("files: ") && message.contains("not analyzed"), "\(message)")
        let written = try CLIRunner.records(inJSONL: jsonl)
        #expect(written.allSatisfy { ($0["error"] as? [String: Any])?["code"] as? String != "cancelled" })

        _ = try CLIRunner.run(["analyze", input.path, "--jsonl", jsonl.path, "--resume", "--no-progress"])
        let paths = try CLIRunner.records(inJSONL: jsonl).compactMap { $0["relative_path"] as? String }
        #expect(paths.count == 8 && Set(paths).count == 8)
    }
}
