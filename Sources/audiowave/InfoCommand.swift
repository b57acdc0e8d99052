import ArgumentParser
import AudioWave

struct InfoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "info", abstract: "Probe audio files.")
    func run() async throws {}
}
