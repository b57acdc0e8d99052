import ArgumentParser
import AudioWave
import Foundation
import StageEngine

/// `audiowave analyze PATH...`: batch analysis with reports, resume and shards.
struct AnalyzeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Analyze audio files and folders: tempo, beats, key, loudness and spectral features.",
        discussion: """
            Folders are scanned recursively (sorted; hidden files skipped). Without --jsonl, --out or --csv a \
            summary table goes to stdout; --jsonl - or --csv - writes that output there instead (progress and the closing \
            summary always go to stderr). Exit status: 0 all ok, 1 some files failed, some paths were skipped \
            (FIFOs, devices, unlistable folders: named on stderr) or some tags could not be written (--write-tags), \
            2 bad usage or configuration, 3 some records could not be written, 130 interrupted.
            """
    )

    @Argument(help: "Audio files or folders; - alone reads one stream from standard input.", completion: .file())
    var paths: [String]

    @Option(help: "Append one JSON report per file to FILE (flushed and fsynced per file); - for standard output.")
    var jsonl: String?

    @Option(help: "Write one RELATIVE_PATH.json report per file under DIR (atomically).")
    var out: String?

    @Option(help: "Write a flat CSV summary to FILE; - for standard output.")
    var csv: String?

    @Option(help: "Write the engine's events as JSON lines to FILE.")
    var events: String?

    @OptionGroup(title: "Analysis options (shared with eval)")
    var analysis: AnalysisOptions

    @OptionGroup(title: "Tags (BPM and key into the files)")
    var tags: TagOptions

    @Option(help: "Engine configuration as JSON (snake_case keys); flags override it.")
    var config: String?

    @Option(parsing: .unconditional, help: "Confidence at which a file ends early with its excerpt results (0...1).")
    var qualityThreshold: Double?

    @Flag(help: "Skip files whose report already exists in the outputs (same size, mtime, version, configuration).")
    var resume = false

    @Flag(help: "With --resume, analyze files whose earlier report failed again.")
    var retryFailed = false

    @Option(
        help: ArgumentHelp(
            "Analyze only shard K of N (0-based, 0 ≤ K < N), picked by a stable hash of the relative path.",
            valueName: "K/N"),
        transform: { argument in
            do { return try Shard(parsing: argument) } catch { throw ValidationError("\(error)") }
        })
    var shard: Shard?

    @Option(
        parsing: .unconditional,
        help: "Number of shards, with the index from JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID.")
    var shards: Int?

    @Flag(help: "Write absolute paths into reports (by default only paths relative to the scanned folder).")
    var absolutePaths = false

    @Flag(help: "No progress output on stderr.")
    var noProgress = false

    @Flag(help: "At the end, print the engine's per-stage figures to stderr: count, failures, retries, p50/p90/p99.")
    var stats = false

    func validate() throws {
        if retryFailed && !resume { throw ValidationError("--retry-failed needs --resume") }
        if resume && jsonl == nil && out == nil {
            throw ValidationError("--resume needs --jsonl or --out: that is where earlier reports are found")
        }
        if resume && jsonl == Self.standardOutput {
            throw ValidationError("--resume cannot read earlier reports back from standard output (--jsonl -)")
        }
        if jsonl == Self.standardOutput && csv == Self.standardOutput {
            throw ValidationError("--jsonl - and --csv - would both write to standard output: give one a file")
        }
        if shard != nil && shards != nil { throw ValidationError("give --shard K/N or --shards N, not both") }
        if paths.contains(StandardInputSpool.argument) {
            guard paths == [StandardInputSpool.argument] else {
                throw ValidationError("- (standard input) is read alone: give it without other paths")
            }
            if resume { throw ValidationError("--resume cannot match standard input with an earlier report") }
            if tags.writeTags {
                throw ValidationError("--write-tags writes into the analysed files: standard input (-) has none")
            }
        }
        if let shards, shards < 1 { throw ValidationError("--shards must be at least 1, got \(shards)") }
    }

    /// The path that means standard output for `--jsonl` and `--csv`.
    static let standardOutput = "-"

    /// Where `--jsonl` or `--csv` writes: standard output for `-`, else the file.
    static func destination(_ path: String?) -> ReportDestination? {
        path.map { $0 == standardOutput ? .standardOutput : .file(URL(fileURLWithPath: $0)) }
    }

    func run() async throws {
        let plan: BatchPlan
        let spool: StandardInputSpool?
        do {
            spool = paths == [StandardInputSpool.argument] ? try StandardInputSpool.make() : nil
        } catch {
            StandardError.write("audiowave: \(error)\n")
            throw ExitCode(2)
        }
        defer { spool?.remove() }
        do {
            plan = try BatchPlan(command: self, standardInput: spool)
        } catch let error as ExitCode {
            throw error
        } catch {
            StandardError.write("audiowave: \(error)\n")
            throw ExitCode(2)
        }
        let outcome = try await plan.execute()
        throw ExitCode(outcome)
    }
}
