import ArgumentParser
import AudioWave

@main
struct AudioWaveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audiowave",
        abstract: "Staged audio analysis: tempo, beats, key, loudness and spectral features.",
        version: AudioWaveVersion.analyzer,
        subcommands: [AnalyzeCommand.self, InfoCommand.self, EvalCommand.self, MergeCommand.self]
    )
}
