import ArgumentParser
import AudioWave
import Foundation

/// `audiowave merge OUT.jsonl SHARD.jsonl...`: join shard outputs and check coverage.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Join shard JSONL outputs into one, one record per file, and report files missing or doubled.",
        discussion: "Exit status 0 when every record is present once and valid, 1 otherwise, 2 for bad usage."
    )

    @Argument(help: "The merged JSONL file to write.")
    var output: String

    @Argument(help: "The shards' JSONL files.")
    var shards: [String]

    @Option(help: "The input folder the shards analyzed: every audio file under it must have a record.")
    var expect: String?

    @Option(parsing: .unconditional, help: "How many missing, doubled, unexpected or invalid entries to list per kind.")
    var limit: Int = 20

    func validate() throws {
        if limit < 0 { throw ValidationError("--limit must be at least 0, got \(limit)") }
    }

    func run() throws {
        let expected = expect.map { ShardMerger.expectedRelativePaths(under: URL(fileURLWithPath: $0)) }
        let result = try ShardMerger.merge(
            shards.map { URL(fileURLWithPath: $0) }, into: URL(fileURLWithPath: output), expecting: expected)
        print(result.summaryText(limit: limit), terminator: "")
        if !result.isClean { throw ExitCode(1) }
    }
}
