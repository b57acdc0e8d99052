import Foundation

/// One run of the real `audiowave analyze` in a child process: its CPU time (user + system, from
/// `getrusage(RUSAGE_CHILDREN)`), wall time, peak RSS (the child's `VmHWM`, sampled every 20 ms until
/// it exits), and what its JSONL output says (files, audio seconds, early exits).
struct CLIRun: Encodable {
    /// The arguments after `audiowave`.
    var arguments: [String]
    /// The exit status (0 all ok, 1 some files failed).
    var exitStatus: Int32
    /// User + system CPU seconds of the child.
    var cpuSeconds: Double
    /// Wall seconds from launch to exit.
    var wallSeconds: Double
    /// Peak resident set size of the child, in MB (last `VmHWM` reading before it exited).
    var peakRSSMegabytes: Double
    /// Records in the JSONL output.
    var records: Int
    /// Records whose `early_exit` is not null.
    var earlyExits: Int
    /// Sum of `file.duration_s` over the records.
    var audioSeconds: Double

    /// Audio seconds analyzed per CPU second.
    var realtimePerCPUSecond: Double { cpuSeconds > 0 ? audioSeconds / cpuSeconds : 0 }
    /// CPU ms per minute of audio.
    var cpuMsPerAudioMinute: Double { audioSeconds > 0 ? cpuSeconds * 1000 / (audioSeconds / 60) : 0 }
    /// Files per wall second.
    var filesPerSecond: Double { wallSeconds > 0 ? Double(records) / wallSeconds : 0 }

    /// The `audiowave` executable next to this benchmark's own (same build folder), unless `explicit` is given.
    static func executable(explicit: String?) throws -> String {
        if let explicit { return explicit }
        let own = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        let sibling = own.deletingLastPathComponent().appendingPathComponent("audiowave").path
        guard FileManager.default.isExecutableFile(atPath: sibling) else {
            throw BenchError(
                "no audiowave next to \(own.path): build it (swift build -c release --product audiowave) or pass --audiowave"
            )
        }
        return sibling
    }

    /// Runs `audiowave analyze INPUTS --jsonl SCRATCH --no-progress EXTRA` and measures it.
    static func analyze(executable: String, inputs: [String], extra: [String], scratch: URL) throws -> CLIRun {
        let jsonl = scratch.appendingPathComponent("run-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: jsonl) }
        let arguments = ["analyze"] + inputs + ["--jsonl", jsonl.path, "--no-progress"] + extra
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let cpuBefore = BenchTiming.childrenCPUSeconds()
        let start = BenchTiming.wallSeconds()
        try process.run()
        var peak = 0.0
        while process.isRunning {
            if let reading = BenchTiming.peakRSSMegabytes(ofProcess: process.processIdentifier) {
                peak = max(peak, reading)
            }
            usleep(20_000)
        }
        process.waitUntilExit()
        let wall = BenchTiming.wallSeconds() - start
        let cpu = BenchTiming.childrenCPUSeconds() - cpuBefore
        guard process.terminationStatus == 0 || process.terminationStatus == 1 else {
            throw BenchError("audiowave \(arguments.joined(separator: " ")) exited with \(process.terminationStatus)")
        }
        var run = CLIRun(
            arguments: Array(arguments.dropFirst()), exitStatus: process.terminationStatus, cpuSeconds: cpu,
            wallSeconds: wall, peakRSSMegabytes: peak, records: 0, earlyExits: 0, audioSeconds: 0)
        let data = (try? Data(contentsOf: jsonl)) ?? Data()
        for line in data.split(separator: 0x0A) {
            guard let object = try? JSONSerialization.jsonObject(with: line) as? [String: Any] else { continue }
            run.records += 1
            if let early = object["early_exit"], !(early is NSNull) { run.earlyExits += 1 }
            if let file = object["file"] as? [String: Any], let duration = file["duration_s"] as? Double {
                run.audioSeconds += duration
            }
        }
        return run
    }
}
