import ArgumentParser
import AudioWave
import Foundation

/// `audiowave-bench cancellation`: how fast work on a long file stops — a library task cancelled at random
/// moments, a stage timeout, and Ctrl-C sent to the CLI — measured on a generated WAV of `--minutes`.
struct CancellationBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cancellation",
        abstract: "Latency from cancel / timeout / Ctrl-C to freed work on a long file (p50, p90, p99, max).")

    @Option(help: "Length of the generated input in minutes.")
    var minutes = 120.0

    @Option(help: "Library cancellations to time.")
    var trials = 20

    @Option(help: "Latest moment (seconds after the start) a cancellation is sent; moments are spread evenly up to it.")
    var latestCancel = 20.0

    @Option(help: "Ctrl-C trials against the CLI (0 skips them).")
    var interrupts = 3

    @Option(help: "Source repeated into the input (44.1 kHz stereo WAV by default).")
    var source = TestAudio.defaultSource

    @OptionGroup var generated: GeneratedAudioOptions

    func run() async throws {
        guard minutes > 0, trials > 0, latestCancel > 0, interrupts >= 0 else {
            throw ValidationError("--minutes, --trials and --latest-cancel must be positive")
        }
        let scratch = try TestAudio.scratchDirectory(base: generated.directory, name: "cancellation")
        defer { if !generated.keep { try? FileManager.default.removeItem(at: scratch) } }
        let path = try TestAudio(sourcePath: source, directory: scratch)
            .wav(seconds: minutes * 60, name: "long-\(Int(minutes))min")
        print("cancellation: \(BenchTiming.machineDescription())")
        print("input: \(Int(minutes)) min, 44.1 kHz stereo 16-bit WAV (\(path))")

        // 1. Library: Task.cancel() on analyze(path:) at evenly spread moments.
        var options = AnalysisConfiguration()
        options.engine.maxRetriesPerStage = 0
        options.engine.earlyTerminationOnQuality = false
        let analyzer = try AudioAnalyzer(configuration: options)
        var latencies: [Double] = []
        var statuses: [String: Int] = [:]
        for trial in 0..<trials {
            let delay = latestCancel * Double(trial + 1) / Double(trials)
            let task = Task { await analyzer.analyze(path: path) }
            try await Task.sleep(for: .seconds(delay))
            let start = ContinuousClock.now
            task.cancel()
            let report = await task.value
            latencies.append((ContinuousClock.now - start) / .milliseconds(1))
            statuses[report.error?.code.rawValue ?? report.status.rawValue, default: 0] += 1
        }
        print("")
        print("library cancel (Task.cancel on analyze(path:), \(trials) moments within \(latestCancel) s):")
        print("  " + Self.summary(latencies) + "; reports: \(Self.describe(statuses))")

        // 2. A stage timeout of 0.5 s: wall time until the report comes back.
        var timed = AnalysisConfiguration()
        timed.engine.maxRetriesPerStage = 0
        timed.engine.stageTimeoutSeconds = 0.5
        timed.engine.earlyTerminationOnQuality = false
        let timeoutAnalyzer = try AudioAnalyzer(configuration: timed)
        var walls: [Double] = []
        var timeoutStatuses: [String: Int] = [:]
        for _ in 0..<3 {
            let start = ContinuousClock.now
            let report = await timeoutAnalyzer.analyze(path: path)
            walls.append((ContinuousClock.now - start) / .milliseconds(1))
            timeoutStatuses[(report.error?.code.rawValue ?? report.status.rawValue), default: 0] += 1
        }
        print(
            "stage_timeout_seconds 0.5, no retries: wall ms until the report: \(Self.summary(walls)); "
                + "reports: \(Self.describe(timeoutStatuses))")

        // 3. Ctrl-C to the CLI with the file in flight.
        guard interrupts > 0 else { return }
        let executable = try CLIRun.executable(explicit: generated.audiowave)
        var exits: [Double] = []
        var codes: [Int32: Int] = [:]
        for trial in 0..<interrupts {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = [
                "analyze", path, "--no-progress", "--no-early-exit", "--jsonl",
                scratch.appendingPathComponent("interrupt-\(trial).jsonl").path,
            ]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            try await Task.sleep(for: .seconds(2 + 2 * Double(trial)))
            let start = ContinuousClock.now
            process.interrupt()
            while process.isRunning { try await Task.sleep(for: .milliseconds(5)) }
            exits.append((ContinuousClock.now - start) / .milliseconds(1))
            codes[process.terminationStatus, default: 0] += 1
        }
        print(
            "Ctrl-C (SIGINT) to `audiowave analyze` with the file in flight, ms to exit: \(Self.summary(exits)); "
                + "exit statuses: \(codes.sorted { $0.key < $1.key }.map { "\($0.key) ×\($0.value)" }.joined(separator: ", "))"
        )
    }

    /// "p50 …, p90 …, p99 …, max … ms" (nearest rank).
    static func summary(_ values: [Double]) -> String {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return "no data" }
        func rank(_ p: Double) -> Double {
            sorted[min(sorted.count - 1, Int((p * Double(sorted.count)).rounded(.up)) - 1)]
        }
        return String(
            format: "p50 %.0f, p90 %.0f, p99 %.0f, max %.0f ms (n = %d)", rank(0.5), rank(0.9), rank(0.99),
            sorted[sorted.count - 1], sorted.count)
    }

    static func describe(_ counts: [String: Int]) -> String {
        counts.sorted { $0.key < $1.key }.map { "\($0.key) ×\($0.value)" }.joined(separator: ", ")
    }
}
