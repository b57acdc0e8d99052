import ArgumentParser

struct DSPBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "dsp", abstract: "Not written yet.")
    func run() throws { throw ValidationError("the dsp benchmark is not written yet") }
}
