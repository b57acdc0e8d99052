import ArgumentParser
import AudioWave
import Foundation

/// `audiowave-bench floor`: the limits beside our figures. Per format (WAV, FLAC, MP3, Ogg), decode-only
/// throughput (libsndfile to Float, native rate, in this process) next to the real CLI's full analysis
/// (`--no-early-exit`) and progressive analysis on the same file, plus FFTW's raw transform rate.
/// Issue-7 goal: full analysis at least half of decode-only throughput for every format.
struct FloorBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "floor",
        abstract: "Decode-only throughput per format and FFTW's raw rate beside the CLI's full analysis.")

    @Option(help: "Length of the generated test file in seconds.")
    var seconds = 600.0

    @Option(help: "Source repeated into the test file (44.1 kHz stereo WAV by default).")
    var source = TestAudio.defaultSource

    @Option(help: "Formats, comma-separated (encoded from the WAV with sox).")
    var formats = "wav,flac,mp3,ogg"

    @Option(help: "Repetitions of every measurement: decodes in process, full and progressive CLI runs (medians).")
    var repetitions = 3

    @OptionGroup var generated: GeneratedAudioOptions

    struct Row: Encodable {
        var format: String
        var audioSeconds: Double
        /// Decode to Float at the file's own rate (downmixed to mono), audio s per CPU s.
        var decodeNative: Double
        /// Decode and resample to 22050 Hz mono, audio s per CPU s.
        var decodeResampled: Double
        /// `audiowave analyze --no-early-exit --jobs 1`, audio s per CPU s.
        var fullAnalysis: Double
        /// `audiowave analyze --jobs 1` (progressive), audio s per CPU s.
        var progressive: Double
        /// Peak RSS of the full analysis, MB.
        var fullPeakRSSMegabytes: Double
        /// fullAnalysis / decodeNative (goal: at least 0.5).
        var fullToDecodeRatio: Double
    }

    struct FFTWRow: Encodable {
        var size: Int
        var transformsPerCPUSecond: Double
        /// Audio seconds of STFT frames (at the analysis rate and hop) FFTW transforms per CPU second.
        var audioSecondsPerCPUSecond: Double
    }

    struct Output: Encodable {
        var machine: String
        var formats: [Row]
        var fftw: FFTWRow
    }

    func run() async throws {
        let executable = try CLIRun.executable(explicit: generated.audiowave)
        let scratch = try TestAudio.scratchDirectory(base: generated.directory, name: "floor")
        defer { if !generated.keep { try? FileManager.default.removeItem(at: scratch) } }
        let audio = TestAudio(sourcePath: source, directory: scratch)
        let machine = BenchTiming.machineDescription()
        if !generated.json {
            print("floor: \(machine)\n\(Int(seconds)) s test file from \(source), scratch \(scratch.path)")
        }
        let wav = try audio.wav(seconds: seconds, name: "floor")

        var rows: [Row] = []
        for format in formats.split(separator: ",").map({ String($0).trimmingCharacters(in: .whitespaces) }) {
            let path = format == "wav" ? wav : try audio.encode(wav, as: format)
            let properties = try AudioDecoder.probe(path: path)
            let duration = properties.durationSeconds
            let native = try BenchTiming.medianCPUMilliseconds(repetitions: repetitions) {
                _ = try AudioDecoder.decodeMono(path: path, options: DecodingOptions(sampleRate: nil))
            }
            let resampled = try BenchTiming.medianCPUMilliseconds(repetitions: repetitions) {
                _ = try AudioDecoder.decodeMono(path: path)
            }
            // Full and progressive runs alternate, so a slow spell of a shared machine touches both; each figure
            // is the median run (one run varied by ±15% on a busy VM).
            var fullRuns: [CLIRun] = []
            var progressiveRuns: [CLIRun] = []
            for _ in 0..<max(1, repetitions) {
                fullRuns.append(
                    try CLIRun.analyze(
                        executable: executable, inputs: [path], extra: ["--no-early-exit", "--jobs", "1"],
                        scratch: scratch))
                progressiveRuns.append(
                    try CLIRun.analyze(
                        executable: executable, inputs: [path], extra: ["--jobs", "1"], scratch: scratch))
            }
            let full = Self.median(fullRuns)
            let progressive = Self.median(progressiveRuns)
            let decodeRate = duration / (native / 1000)
            rows.append(
                Row(
                    format: format, audioSeconds: duration, decodeNative: decodeRate,
                    decodeResampled: duration / (resampled / 1000), fullAnalysis: full.realtimePerCPUSecond,
                    progressive: progressive.realtimePerCPUSecond, fullPeakRSSMegabytes: full.peakRSSMegabytes,
                    fullToDecodeRatio: full.realtimePerCPUSecond / decodeRate))
            if !generated.json { printRow(rows[rows.count - 1], header: rows.count == 1) }
        }
        let fftw = try measureFFTW()
        if generated.json {
            try benchPrintJSON(Output(machine: machine, formats: rows, fftw: fftw))
        } else {
            print(
                "FFTW raw r2c, size \(fftw.size): \(benchFormat(fftw.transformsPerCPUSecond, digits: 0)) transforms per CPU s",
                "= \(benchFormat(fftw.audioSecondsPerCPUSecond, digits: 0))× real time at the analysis hop")
        }
    }

    /// The run of median speed; its peak RSS is the largest of all runs.
    private static func median(_ runs: [CLIRun]) -> CLIRun {
        let sorted = runs.sorted { $0.realtimePerCPUSecond < $1.realtimePerCPUSecond }
        var middle = sorted[sorted.count / 2]
        middle.peakRSSMegabytes = runs.map(\.peakRSSMegabytes).max() ?? middle.peakRSSMegabytes
        return middle
    }

    private func measureFFTW() throws -> FFTWRow {
        let configuration = FeatureConfiguration()
        let count = 20_000
        let cpuMs = try BenchTiming.medianCPUMilliseconds(repetitions: 5) {
            _ = try FFTWBaseline.measureRawTransforms(size: configuration.frameLength, count: count)
        }
        let perSecond = Double(count) / (cpuMs / 1000)
        let framesPerAudioSecond = configuration.sampleRate / Double(configuration.hopLength)
        return FFTWRow(
            size: configuration.frameLength, transformsPerCPUSecond: perSecond,
            audioSecondsPerCPUSecond: perSecond / framesPerAudioSecond)
    }

    private func printRow(_ row: Row, header: Bool) {
        if header {
            print(
                "audio seconds per CPU second (× real time); full and progressive = audiowave analyze --jobs 1, process CPU"
            )
            print(
                benchPad("format", 7), benchPad("decode native", 14), benchPad("decode→22050", 13), benchPad("full", 8),
                benchPad("progressive", 12), benchPad("full/decode", 12), benchPad("goal ≥ 0.5", 11), "full peak RSS MB"
            )
        }
        print(
            benchPad(row.format, 7), benchPad(benchFormat(row.decodeNative, digits: 0) + "×", 14),
            benchPad(benchFormat(row.decodeResampled, digits: 0) + "×", 13),
            benchPad(benchFormat(row.fullAnalysis, digits: 0) + "×", 8),
            benchPad(benchFormat(row.progressive, digits: 0) + "×", 12),
            benchPad(benchFormat(row.fullToDecodeRatio, digits: 2), 12),
            benchPad(row.fullToDecodeRatio >= 0.5 ? "met" : "not met", 11), benchFormat(row.fullPeakRSSMegabytes))
    }
}
