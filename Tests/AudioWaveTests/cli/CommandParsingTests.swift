import ArgumentParser
import Foundation
import Testing

@testable import AudioWave
@testable import audiowave

/// Parse-level checks of the command line: no process is spawned and nothing is analysed.
@Suite("audiowave command-line parsing")
struct CommandParsingTests {
    /// The exit status and message `audiowave` gives for `arguments` to `command`, or nil when they parse.
    static func usageError<C: ParsableCommand>(
        _ command: C.Type, _ arguments: [String]
    ) -> (status: Int32, message: String)? {
        do {
            _ = try command.parse(arguments)
            return nil
        } catch {
            return (AudioWaveCommand.exitStatus(for: error), command.message(for: error))
        }
    }

    @Test(
        "usage errors exit 2, as the README says (argument-parser's own status is 64)",
        arguments: [
            ["x", "--jobs", "0"], ["x", "--jobs", "-1"], ["x", "--retry-failed"], [],
            ["x", "--shard", "1/4", "--shards", "4"],
            ["x", "--shard", "5/4"], ["x", "--shard", "one"], ["x", "--only", "tempo,bpm"],
            ["x", "--key-profile", "nope"],
            ["x", "--no-such-flag"], ["x", "--resume"], ["x", "--shards", "0"],
            ["x", "--jsonl", "-", "--csv", "-"], ["x", "--jsonl", "-", "--resume"],
        ])
    func usageErrors(arguments: [String]) throws {
        let error = try #require(Self.usageError(AnalyzeCommand.self, arguments), "\(arguments) parsed")
        #expect(error.status == 2, "\(arguments): \(error.message)")
    }

    @Test("a negative number reaches validation instead of being read as a flag ('Missing value')")
    func negativeNumbers() throws {
        let jobs = try #require(Self.usageError(AnalyzeCommand.self, ["x", "--jobs", "-1"]))
        #expect(jobs.message == "--jobs must be at least 1, got -1")
        let threshold = try #require(
            Self.usageError(EvalCommand.self, ["--truth", "t.csv", "--confidence-threshold", "-0.5"]))
        #expect(threshold.message.contains("got -0.5"), "\(threshold.message)")
        #expect(threshold.status == 2)
    }

    @Test("--help and --version are not errors")
    func help() {
        #expect(AudioWaveCommand.exitStatus(for: CleanExit.helpRequest()) == 0)
        #expect(AudioWaveCommand.exitStatus(for: ExitCode(130)) == 130)
    }

    @Test("typed options: key profile, shard and analysis list are parsed once, by argument-parser")
    func typedOptions() throws {
        let command = try AnalyzeCommand.parse([
            "a", "b", "--key-profile", "temperley", "--shard", "2/8", "--only", "tempo, KEY", "--jobs", "3",
        ])
        #expect(command.paths == ["a", "b"])
        #expect(command.analysis.keyProfile == .temperley)
        #expect(command.shard == (try Shard(index: 2, count: 8)))
        #expect(command.analysis.only?.analyses == [.tempo, .key])
        let message = try #require(Self.usageError(AnalyzeCommand.self, ["x", "--key-profile", "nope"])).message
        #expect(message.contains("'nope'") && message.contains("krumhansl"), "\(message)")
        // A bad list or shard names what is wrong, not only that the value is invalid.
        let only = try #require(Self.usageError(AnalyzeCommand.self, ["x", "--only", "tempo,bpm"]))
        #expect(only.status == 2 && only.message.contains("unknown analysis 'bpm'"), "\(only.message)")
        let shard = try #require(Self.usageError(AnalyzeCommand.self, ["x", "--shard", "5/4"]))
        #expect(shard.status == 2 && shard.message.contains("0..<4"), "\(shard.message)")
    }

    @Test("analyze's flags make its configuration; --config is the base and the flags override it")
    func analyzeConfiguration() throws {
        let plain = try BatchPlan.configuration(for: AnalyzeCommand.parse(["x"]))
        #expect(plain.analyses == Set(Analysis.allCases))
        #expect(plain.excerptSeconds == 30 && plain.engine.earlyTerminationOnQuality)
        #expect(plain.engine.maxItemsInFlight == ProcessInfo.processInfo.activeProcessorCount)

        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let config = try directory.write(
            #"{"max_items_in_flight": 5, "max_parallel_items_per_stage": 5}"#, to: "engine.json")
        let command = try AnalyzeCommand.parse([
            "x", "--config", config.path, "--only", "tempo", "--excerpt-seconds", "20", "--no-early-exit",
            "--sample-rate", "16000", "--key-profile", "edma", "--quality-threshold", "0.8",
        ])
        let configuration = try BatchPlan.configuration(for: command)
        #expect(configuration.engine.maxItemsInFlight == 5, "--config's concurrency is kept without --jobs")
        #expect(configuration.analyses == [.tempo])
        #expect(configuration.excerptSeconds == 20 && !configuration.engine.earlyTerminationOnQuality)
        #expect(configuration.sampleRate == 16000 && configuration.key.profile == .edma)
        #expect(configuration.engine.qualityThreshold == 0.8)
        let withJobs = try BatchPlan.configuration(
            for: AnalyzeCommand.parse(["x", "--config", config.path, "--jobs", "2"]))
        #expect(withJobs.engine.maxItemsInFlight == 2 && withJobs.engine.maxParallelItemsPerStage == 2)
        // A file that does not name the concurrency keeps the CLI's one item per core (it was the engine's 10).
        let retryOnly = try directory.write(#"{"retry": "quick"}"#, to: "retry.json")
        let kept = try BatchPlan.configuration(for: AnalyzeCommand.parse(["x", "--config", retryOnly.path]))
        #expect(kept.engine.maxItemsInFlight == ProcessInfo.processInfo.activeProcessorCount)
        #expect(kept.engine.maxParallelItemsPerStage == ProcessInfo.processInfo.activeProcessorCount)
    }

    @Test(
        "a bad --config or an out-of-range value fails before any work",
        arguments: [
            #"{"max_retries_per_stage": -1}"#, #"{"no_such_key": 1}"#, #"{"quality_threshold": 2}"#, "not json",
        ])
    func badConfig(json: String) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let config = try directory.write(json, to: "engine.json")
        let command = try AnalyzeCommand.parse([
            "x", "--config", config.path, "--jsonl", directory.file("out.jsonl").path,
        ])
        #expect(throws: (any Error).self) { try BatchPlan(command: command) }
        #expect(!FileManager.default.fileExists(atPath: directory.file("out.jsonl").path))
    }

    @Test("a missing or directory --config and a directory --jsonl name the file and the reason, not an NSError")
    func unusableFiles() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let missing = directory.file("missing.json").path
        let folder = directory.url.path
        let cases: [([String], String)] = [
            (["x", "--config", missing], "--config \(missing): cannot read: No such file or directory"),
            (["x", "--config", folder], "--config \(folder): cannot read: Is a directory"),
            (["x", "--jsonl", folder], "--jsonl \(folder): cannot open: Is a directory"),
        ]
        for (arguments, message) in cases {
            do {
                _ = try BatchPlan(command: AnalyzeCommand.parse(arguments))
                Issue.record("\(arguments) was accepted")
            } catch {
                #expect("\(error)" == message)
            }
        }
    }

    @Test("an out-of-range number in --config names the file, the field and the number")
    func outOfRangeConfig() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let config = try directory.write(#"{"stage_timeout_seconds": 1e400}"#, to: "engine.json")
        do {
            _ = try BatchPlan(command: AnalyzeCommand.parse(["x", "--config", config.path]))
            Issue.record("accepted")
        } catch {
            #expect("\(error)".hasPrefix("--config \(config.path): stage_timeout_seconds: 1e400 is out of range"))
        }
    }

    @Test(
        "an excerpt under 5 s or a bad rate is refused by the configuration's own check",
        arguments: [
            ["--excerpt-seconds", "2"], ["--excerpt-seconds", "-1"], ["--sample-rate", "100"],
        ])
    func badAnalysisValues(arguments: [String]) throws {
        let command = try AnalyzeCommand.parse(["x"] + arguments)
        #expect(throws: (any Error).self) { try BatchPlan(command: command) }
    }

    @Test("eval shares analyze's options, defaults to tempo,key, and keeps --excerpt as a hidden alias")
    func evalOptions() throws {
        let plain = try EvalCommand.parse(["--truth", "t.csv"]).analysisConfiguration()
        #expect(
            plain.analyses == [.tempo, .key] && plain.excerptSeconds == 30 && plain.engine.earlyTerminationOnQuality)
        let shared = try EvalCommand.parse([
            "--truth", "t.csv", "--excerpt-seconds", "12", "--only", "tempo", "--key-profile", "shaath", "--jobs", "1",
        ]).analysisConfiguration()
        #expect(shared.excerptSeconds == 12 && shared.analyses == [.tempo] && shared.key.profile == .shaath)
        #expect(shared.engine.maxItemsInFlight == 1)
        #expect(
            !(try EvalCommand.parse(["--truth", "t.csv", "--no-early-exit"]).analysisConfiguration().engine
                .earlyTerminationOnQuality))
        #expect(
            !(try EvalCommand.parse(["--truth", "t.csv", "--excerpt", "0"]).analysisConfiguration().engine
                .earlyTerminationOnQuality))
        #expect(
            try EvalCommand.parse(["--truth", "t.csv", "--excerpt", "15"]).analysisConfiguration().excerptSeconds == 15)
        let help = EvalCommand.helpMessage()
        #expect(help.contains("--excerpt-seconds") && !help.contains("--excerpt <"))
        #expect(Self.usageError(EvalCommand.self, ["--truth", "t.csv", "--key-profile", "nope"])?.status == 2)
        #expect(Self.usageError(EvalCommand.self, [])?.status == 2, "--truth is required")
    }

    @Test("merge needs an output and at least one shard")
    func mergeUsage() {
        #expect(Self.usageError(MergeCommand.self, [])?.status == 2)
        #expect(Self.usageError(MergeCommand.self, ["out.jsonl", "s.jsonl", "--limit", "-1"])?.status == 2)
        #expect(Self.usageError(MergeCommand.self, ["out.jsonl", "s.jsonl"]) == nil)
    }
}
