import ArgumentParser

@main
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audiowave-bench",
        abstract: "AudioWave's benchmark suite (build with -c release).",
        subcommands: [
            StageBenchmark.self, ScalingBenchmark.self, FloorBenchmark.self, EngineBenchmark.self, DSPBenchmark.self,
            AnalysisBenchmark.self, BatchBenchmark.self, TempoLevelDump.self, CancellationBenchmark.self,
            AllocationBenchmark.self,
        ]
    )
}
