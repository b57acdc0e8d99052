import ArgumentParser
import AudioWave
import Foundation

/// `audiowave merge OUT.jsonl SHARD.jsonl...`: join shard outputs and check coverage.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Join shard JSONL outputs into one, one record per file (the newest analysis), and check coverage.",
        discussion: """
            A file recorded more than once keeps its newest analysis (re-analyses are listed as replaced, not \
            errors); two ok records of the same analysis with different results are a conflict. With --expect, \
            files without a record are missing and records of files no longer there are stale. Exit status 0 \
            when nothing is missing, conflicting or unreadable, 1 otherwise, 2 for bad usage or an input that \
            cannot be read.
            """
    )

    @Argument(help: "The merged JSONL file to write.", completion: .file(extensions: ["jsonl"]))
    var output: String

    @Argument(help: "The shards' JSONL files.", completion: .file(extensions: ["jsonl"]))
    var shards: [String]

    @Option(help: "The input folder the shards analyzed: every audio file under it must have a record.")
    var expect: String?

    @Flag(help: "With --expect, leave records of files no longer under the folder out of the output.")
    var dropStale = false

    @Option(
        parsing: .unconditional,
        help: "How many missing, conflicting, replaced, stale, unexpected or invalid entries to list per kind.")
    var limit: Int = 20

    func validate() throws {
        if limit < 0 { throw ValidationError("--limit must be at least 0, got \(limit)") }
        if dropStale && expect == nil { throw ValidationError("--drop-stale needs --expect: stale is judged there") }
    }

    func run() throws {
        let inputs = shards.map { URL(fileURLWithPath: $0) }
        for input in inputs { try Self.checkReadable(input) }
        let result: MergeResult
        do {
            if let expect {
                result = try ShardMerger.merge(
                    inputs, into: URL(fileURLWithPath: output), expectingFilesUnder: URL(fileURLWithPath: expect),
                    dropsStale: dropStale)
            } else {
                result = try ShardMerger.merge(inputs, into: URL(fileURLWithPath: output))
            }
        } catch let error as AtomicFileError {
            StandardError.write("audiowave: \(error)\n")
            throw ExitCode(2)
        } catch {
            StandardError.write("audiowave: cannot merge into \(output): \(FileArgumentError.reason(error))\n")
            throw ExitCode(2)
        }
        print(result.summaryText(limit: limit), terminator: "")
        if !result.isClean { throw ExitCode(1) }
    }

    /// Refuses an input that is missing, a folder or unreadable, naming it (exit status 2).
    static func checkReadable(_ input: URL) throws {
        var isDirectory: ObjCBool = false
        let reason: String
        if !FileManager.default.fileExists(atPath: input.path, isDirectory: &isDirectory) {
            reason = "No such file or directory"
        } else if isDirectory.boolValue {
            reason = "Is a directory"
        } else if !FileManager.default.isReadableFile(atPath: input.path) {
            reason = "Permission denied"
        } else {
            return
        }
        StandardError.write("audiowave: merge input \(input.path): cannot read: \(reason)\n")
        throw ExitCode(2)
    }
}
