import ArgumentParser
import AudioWave
import AudioWavePaths
import Foundation

@main
struct AudioWaveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audiowave",
        abstract: "Staged audio analysis: tempo, beats, key, loudness and spectral features.",
        version: AudioWaveVersion.analyzer,
        subcommands: [AnalyzeCommand.self, InfoCommand.self, EvalCommand.self, MergeCommand.self]
    )

    /// argument-parser's `main`, except that usage errors exit 2, as the README documents, instead of
    /// argument-parser's `EX_USAGE` (64), and that arguments keep bytes that are not UTF-8.
    static func main() async {
        do {
            // The arguments' exact bytes: a path that is not UTF-8 must reach the scanner intact.
            var command = try parseAsRoot(Array(FileSystemPath.commandLineArguments().dropFirst()))
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let status = exitStatus(for: error)
            let message = fullMessage(for: error)
            if !message.isEmpty {
                if status == 0 {
                    print(message)
                } else {
                    StandardError.write(message + "\n")
                }
            }
            Foundation.exit(status)
        }
    }

    /// The process exit status for an error thrown by parsing or by a command: argument-parser's, with
    /// `EX_USAGE` (64: unknown option, missing or unparseable value, failed `validate()`) turned into 2.
    static func exitStatus(for error: any Error) -> Int32 {
        let code = exitCode(for: error)
        return code == .validationFailure ? 2 : code.rawValue
    }
}
