import ArgumentParser

/// Options shared by the benchmarks that generate long audio and run the `audiowave` CLI on it.
struct GeneratedAudioOptions: ParsableArguments {
    @Option(help: "Scratch folder for the generated audio (default: the temporary directory).")
    var directory: String?

    @Option(help: "The audiowave executable (default: next to audiowave-bench).")
    var audiowave: String?

    @Flag(help: "Keep the generated audio.")
    var keep = false

    @Flag(help: "Print JSON instead of tables.")
    var json = false
}
