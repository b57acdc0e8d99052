import ArgumentParser

struct EngineBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "engine", abstract: "Not written yet.")
    func run() throws { throw ValidationError("the engine benchmark is not written yet") }
}
