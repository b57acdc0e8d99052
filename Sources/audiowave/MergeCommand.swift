import ArgumentParser
import AudioWave
import Foundation

/// `audiowave merge OUT.jsonl SHARD.jsonl...`: join shard outputs and check coverage.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Join shard JSONL outputs into one, one record per file, and report files missing or doubled.",
        discussion: "Exit status 0 when every record is present once and valid, 1 otherwise."
    )

    @Argument(help: "The merged JSONL file to write.")
    var output: String

    @Argument(help: "The shards' JSONL files.")
    var shards: [String]

    @Option(help: "The input folder the shards analyzed: every audio file under it must have a record.")
    var expect: String?

    func run() throws {
        let expected = expect.map { ShardMerger.expectedRelativePaths(under: URL(fileURLWithPath: $0)) }
        let result = try ShardMerger.merge(
            shards.map { URL(fileURLWithPath: $0) }, into: URL(fileURLWithPath: output), expecting: expected)
        let counts = ReportStatus.allCases.map { "\($0.rawValue) \(result.statusCounts[$0] ?? 0)" }.joined(separator: ", ")
        print("merged \(result.recordCount) records into \(output) (\(counts))")
        for duplicate in result.duplicates {
            print("doubled: \(duplicate.relativePath) at \(duplicate.locations.map(\.description).joined(separator: ", "))")
        }
        for path in result.missing { print("missing: \(path)") }
        for path in result.unexpected { print("unexpected: \(path)") }
        for location in result.invalidLines { print("invalid line: \(location)") }
        if !result.isClean { throw ExitCode(1) }
    }
}
