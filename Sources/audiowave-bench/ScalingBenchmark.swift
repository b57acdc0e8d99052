import ArgumentParser
import Foundation

/// `audiowave-bench scaling`: the real CLI on generated inputs of growing length (cost must grow
/// linearly, peak memory stay flat) and on a batch of equal files with 1 and 2 jobs.
struct ScalingBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scaling",
        abstract: "audiowave analyze on 10 s ... 60 min inputs (CPU, peak RSS) and on a batch with 1 vs 2 jobs.")

    @Option(help: "Input lengths in seconds, comma-separated.")
    var durations = "10,60,600,3600"

    @Option(help: "Source repeated into the inputs (44.1 kHz stereo WAV by default).")
    var source = TestAudio.defaultSource

    @Option(help: "Files in the batch measurement (0 skips it).")
    var batchFiles = 20

    @Option(help: "Length of each batch file in seconds.")
    var batchSeconds = 180.0

    @Option(help: "Job counts for the batch measurement, comma-separated.")
    var jobs = "1,2"

    @OptionGroup var generated: GeneratedAudioOptions

    struct Row: Encodable {
        var input: String
        var mode: String
        var jobs: Int
        var run: CLIRun
        var cpuMsPerAudioMinute: Double
        var realtimePerCPUSecond: Double
    }

    struct Output: Encodable {
        var machine: String
        var lengths: [Row]
        var batch: [Row]
    }

    func run() async throws {
        let lengths = durations.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        let jobCounts = jobs.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !lengths.isEmpty, lengths.allSatisfy({ $0 > 0 }), !jobCounts.isEmpty, jobCounts.allSatisfy({ $0 > 0 })
        else {
            throw ValidationError("--durations and --jobs must be positive, comma-separated numbers")
        }
        let executable = try CLIRun.executable(explicit: generated.audiowave)
        let scratch = try TestAudio.scratchDirectory(base: generated.directory, name: "scaling")
        defer { if !generated.keep { try? FileManager.default.removeItem(at: scratch) } }
        let audio = TestAudio(sourcePath: source, directory: scratch)
        let machine = BenchTiming.machineDescription()
        if !generated.json { print("scaling: \(machine)\naudiowave: \(executable), scratch \(scratch.path)") }

        var lengthRows: [Row] = []
        for seconds in lengths {
            let path = try audio.wav(seconds: seconds, name: "scaling-\(Int(seconds))s")
            for (mode, flags) in Self.modes {
                let run = try CLIRun.analyze(
                    executable: executable, inputs: [path], extra: flags + ["--jobs", "1"], scratch: scratch)
                lengthRows.append(
                    Row(
                        input: Self.label(seconds), mode: mode, jobs: 1, run: run,
                        cpuMsPerAudioMinute: run.cpuMsPerAudioMinute, realtimePerCPUSecond: run.realtimePerCPUSecond))
                if !generated.json { printRow(lengthRows[lengthRows.count - 1], header: lengthRows.count == 1) }
            }
            try? FileManager.default.removeItem(atPath: path)
        }
        if !generated.json { printLinearity(lengthRows) }

        var batchRows: [Row] = []
        if batchFiles > 0 {
            let folder = scratch.appendingPathComponent("batch")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let first = try audio.wav(seconds: batchSeconds, name: "batch-source")
            for index in 0..<batchFiles {
                try FileManager.default.linkItem(
                    atPath: first, toPath: folder.appendingPathComponent(String(format: "track%03d.wav", index)).path)
            }
            if !generated.json {
                print("\nbatch: \(batchFiles) files of \(Self.label(batchSeconds)) (hard links to one WAV)")
            }
            for (mode, flags) in Self.modes {
                for count in jobCounts {
                    let run = try CLIRun.analyze(
                        executable: executable, inputs: [folder.path],
                        extra: flags + ["--jobs", String(count)], scratch: scratch)
                    batchRows.append(
                        Row(
                            input: "\(batchFiles) × \(Self.label(batchSeconds))", mode: mode, jobs: count, run: run,
                            cpuMsPerAudioMinute: run.cpuMsPerAudioMinute, realtimePerCPUSecond: run.realtimePerCPUSecond
                        ))
                    if !generated.json { printRow(batchRows[batchRows.count - 1], header: batchRows.count == 1) }
                }
            }
            if !generated.json { printSpeedups(batchRows) }
        }
        if generated.json { try benchPrintJSON(Output(machine: machine, lengths: lengthRows, batch: batchRows)) }
    }

    /// The CLI modes measured: the default, the full analysis, and the fast path forced on every file
    /// (`--quality-threshold 0`: each item ends after the excerpt analysis, which is what progressive mode
    /// costs on a file whose excerpt is confident).
    static let modes: [(String, [String])] = [
        ("progressive", []), ("--no-early-exit", ["--no-early-exit"]), ("fast path", ["--quality-threshold", "0"]),
    ]

    static func label(_ seconds: Double) -> String {
        seconds >= 60 && seconds.truncatingRemainder(dividingBy: 60) == 0
            ? "\(Int(seconds / 60)) min" : "\(benchFormat(seconds, digits: 0)) s"
    }

    private func printRow(_ row: Row, header: Bool) {
        if header {
            print(
                benchPad("input", 16), benchPad("mode", 16), benchPad("jobs", 5), benchPad("CPU s", 8),
                benchPad("wall s", 8),
                benchPad("files/s", 8), benchPad("CPU ms/audio min", 17), benchPad("× RT per CPU s", 15),
                benchPad("peak RSS MB", 12), "early exits")
        }
        let run = row.run
        print(
            benchPad(row.input, 16), benchPad(row.mode, 16), benchPad(String(row.jobs), 5),
            benchPad(benchFormat(run.cpuSeconds, digits: 2), 8), benchPad(benchFormat(run.wallSeconds, digits: 2), 8),
            benchPad(benchFormat(run.filesPerSecond, digits: 2), 8), benchPad(benchFormat(row.cpuMsPerAudioMinute), 17),
            benchPad(benchFormat(row.realtimePerCPUSecond, digits: 0) + "×", 15),
            benchPad(benchFormat(run.peakRSSMegabytes), 12), "\(run.earlyExits)/\(run.records)")
    }

    /// Fits CPU seconds = fixed + perMinute × audio minutes by least squares over the lengths, and prints
    /// each length's CPU per audio minute relative to the longest input's (1.00 = linear; above 1 on short
    /// inputs is the fixed start-up cost spread over little audio).
    private func printLinearity(_ rows: [Row]) {
        for mode in Self.modes.map(\.0) {
            let ofMode = rows.filter { $0.mode == mode && $0.run.audioSeconds > 0 }
            guard let longest = ofMode.max(by: { $0.run.audioSeconds < $1.run.audioSeconds }), ofMode.count >= 2 else {
                continue
            }
            let fit = Self.linearFit(ofMode.map { ($0.run.audioSeconds / 60, $0.run.cpuSeconds) })
            let ratios = ofMode.map {
                "\($0.input) \(benchFormat($0.cpuMsPerAudioMinute / longest.cpuMsPerAudioMinute, digits: 2))"
            }
            print(
                "linearity \(mode): CPU ≈ \(benchFormat(fit.intercept, digits: 2)) s + \(benchFormat(fit.slope * 1000, digits: 0)) ms",
                "per audio minute (largest residual \(benchFormat(fit.largestResidual, digits: 2)) s);",
                "per-minute cost relative to \(longest.input): \(ratios.joined(separator: ", "))")
        }
    }

    /// Ordinary least squares y = intercept + slope × x, with the largest absolute residual.
    static func linearFit(
        _ points: [(x: Double, y: Double)]
    ) -> (intercept: Double, slope: Double, largestResidual: Double) {
        let count = Double(points.count)
        let meanX = points.map(\.x).reduce(0, +) / count
        let meanY = points.map(\.y).reduce(0, +) / count
        let sxx = points.map { ($0.x - meanX) * ($0.x - meanX) }.reduce(0, +)
        let sxy = points.map { ($0.x - meanX) * ($0.y - meanY) }.reduce(0, +)
        let slope = sxx > 0 ? sxy / sxx : 0
        let intercept = meanY - slope * meanX
        let residual = points.map { abs($0.y - intercept - slope * $0.x) }.max() ?? 0
        return (intercept, slope, residual)
    }

    private func printSpeedups(_ rows: [Row]) {
        for mode in Self.modes.map(\.0) {
            let ofMode = rows.filter { $0.mode == mode }
            guard let single = ofMode.first(where: { $0.jobs == 1 }), single.run.wallSeconds > 0 else { continue }
            let speedups = ofMode.map {
                "\($0.jobs) jobs \(benchFormat(single.run.wallSeconds / $0.run.wallSeconds, digits: 2))×"
            }
            print("throughput \(mode) (wall, relative to 1 job): \(speedups.joined(separator: ", "))")
        }
    }
}
