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
            summary table goes to stdout. Exit status: 0 all ok, 1 some files failed, 2 bad usage or \
            configuration, 130 interrupted.
            """
    )

    @Argument(help: "Audio files or folders.")
    var paths: [String]

    @Option(help: "Append one JSON report per file to FILE (flushed and fsynced per file).")
    var jsonl: String?

    @Option(help: "Write one RELATIVE_PATH.json report per file under DIR (atomically).")
    var out: String?

    @Option(help: "Write a flat CSV summary to FILE.")
    var csv: String?

    @Option(help: "Write the engine's events as JSON lines to FILE.")
    var events: String?

    @Option(help: "Files analyzed at once (default: the number of cores).")
    var jobs: Int?

    @Option(help: "Engine configuration as JSON (snake_case keys); flags override it.")
    var config: String?

    @Option(help: "Confidence at which a file ends early with its excerpt results (0...1).")
    var qualityThreshold: Double?

    @Flag(help: "Give every file the full analysis (no quality-gated early exit).")
    var noEarlyExit = false

    @Option(help: "Analysis sample rate in Hz.")
    var sampleRate: Int = 22050

    @Option(help: "Excerpt length for the fast initial analysis, in seconds.")
    var excerptSeconds: Double = 30

    @Option(help: "Key profile: \(KeyProfile.allCases.map(\.rawValue).joined(separator: ", ")).")
    var keyProfile: String?

    @Option(help: ArgumentHelp(
        "Compute only these analyses, comma-separated: \(Analysis.allCases.map(\.rawValue).joined(separator: ",")) (default: all).",
        discussion: "Sections not requested are null. 'tempo,key' skips loudness and the spectral features (about 3× faster); 'loudness' skips the STFT.",
        valueName: "list"))
    var only: String?

    @Flag(help: "Skip files whose report already exists in the outputs (same size, mtime, version, configuration).")
    var resume = false

    @Flag(help: "With --resume, analyze files whose earlier report failed again.")
    var retryFailed = false

    @Option(help: "Analyze only shard K of N (0-based, K/N), picked by a stable hash of the relative path.")
    var shard: String?

    @Option(help: "Number of shards, with the index from JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID.")
    var shards: Int?

    @Flag(help: "Write absolute paths into reports (by default only paths relative to the scanned folder).")
    var absolutePaths = false

    @Flag(help: "No progress output on stderr.")
    var noProgress = false

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if retryFailed && !resume { throw ValidationError("--retry-failed needs --resume") }
        if resume && jsonl == nil && out == nil {
            throw ValidationError("--resume needs --jsonl or --out: that is where earlier reports are found")
        }
        if shard != nil && shards != nil { throw ValidationError("give --shard K/N or --shards N, not both") }
    }

    func run() async throws {
        let plan: BatchPlan
        do {
            plan = try BatchPlan(command: self)
        } catch let error as ExitCode {
            throw error
        } catch {
            FileHandle.standardError.write(Data("audiowave: \(error)\n".utf8))
            throw ExitCode(2)
        }
        let outcome = try await plan.execute()
        throw ExitCode(outcome)
    }
}
