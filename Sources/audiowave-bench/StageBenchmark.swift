import ArgumentParser
import AudioWave
import Foundation

/// Per-stage costs of the analysis on real files: decode, resample, loudness, features, tempo, key,
/// report, and the whole pipeline with and without early exit.
struct StageBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stages",
        abstract: "Time each analysis step on audio files (ms per audio minute, × real time per CPU second).")

    @Argument(help: "Audio files (default: the fixtures' song in WAV, FLAC, Ogg and MP3).")
    var files: [String] = ["wav", "flac", "ogg", "mp3"].map { "fixtures/formats/song_d_major_120bpm.\($0)" }

    @Option(help: "Repetitions per measurement (the median is reported).")
    var repetitions = 5

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    struct Row: Encodable {
        var file: String
        var step: String
        var cpuMsPerAudioMinute: Double
        var realtimePerCPUSecond: Double
    }

    func run() async throws {
        var rows: [Row] = []
        for file in files {
            let properties = try AudioDecoder.probe(path: file)
            let minutes = properties.durationSeconds / 60
            func add(_ step: String, _ cpuMs: Double) {
                rows.append(Row(
                    file: (file as NSString).lastPathComponent, step: step, cpuMsPerAudioMinute: cpuMs / minutes,
                    realtimePerCPUSecond: properties.durationSeconds / max(cpuMs / 1000, 1e-9)))
            }
            add("decode (native rate)", try measure { _ = try AudioDecoder.decodeMono(path: file, options: DecodingOptions(sampleRate: nil)) })
            add("decode + resample 22050", try measure { _ = try AudioDecoder.decodeMono(path: file) })
            add("decode + resample + loudness", try measure {
                let meter = try LoudnessMeter(channelCount: properties.channelCount, sampleRate: properties.sampleRate)
                _ = try AudioDecoder.decodeMono(path: file) { block, frames, _ in meter.add(interleaved: block, frameCount: frames) }
                _ = meter.result()
            })
            let samples = try AudioDecoder.decodeMono(path: file).samples
            let extractor = try FeatureExtractor()
            add("onset envelope only", try measure { _ = extractor.onsetEnvelope(samples: samples) })
            add("all frame features", try measure { _ = extractor.extract(samples: samples) })
            let features = extractor.extract(samples: samples)
            let tempo = TempoEstimator()
            add("tempo + beats", try measure {
                _ = tempo.estimate(onsetEnvelope: features.onsetEnvelope, sampleRate: features.sampleRate, hopLength: features.hopLength)
            })
            let key = KeyEstimator()
            add("key", try measure { _ = key.estimate(chromagram: features.chroma) })
            add("summaries", try measure { _ = features.summaries() })
            for earlyExit in [true, false] {
                var configuration = AnalysisConfiguration()
                configuration.engine.earlyTerminationOnQuality = earlyExit
                configuration.engine.maxItemsInFlight = 1
                let analyzer = try AudioAnalyzer(configuration: configuration)
                var report: AnalysisReport?
                add(earlyExit ? "pipeline (progressive)" : "pipeline (--no-early-exit)", try await measureAsync {
                    report = await analyzer.analyze(path: file)
                })
                if earlyExit, let report {
                    add("report JSON encoding", try measure { _ = try ReportJSON.encodeLine(report) })
                }
            }
        }
        if json {
            let encoder = JSONEncoder()
            encoder.keyEncodingStrategy = .convertToSnakeCase
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(rows), as: UTF8.self))
            return
        }
        print("step costs, median of \(repetitions) runs, process CPU time (\(ProcessInfo.processInfo.activeProcessorCount) cores)")
        print(pad("file", 30), pad("step", 30), pad("CPU ms/audio min", 17), "× real time per CPU s")
        for row in rows {
            print(pad(row.file, 30), pad(row.step, 30), pad(String(format: "%.1f", row.cpuMsPerAudioMinute), 17),
                  String(format: "%.0f×", row.realtimePerCPUSecond))
        }
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    /// Median process CPU time (all threads) of `repetitions` runs after a warm-up, in ms.
    private func measure(_ body: () throws -> Void) throws -> Double {
        try body()
        var samples: [Double] = []
        for _ in 0..<repetitions {
            let start = ProcessCPUTime.now()
            try body()
            samples.append((ProcessCPUTime.now() - start) * 1000)
        }
        return samples.sorted()[samples.count / 2]
    }

    private func measureAsync(_ body: () async throws -> Void) async throws -> Double {
        try await body()
        var samples: [Double] = []
        for _ in 0..<repetitions {
            let start = ProcessCPUTime.now()
            try await body()
            samples.append((ProcessCPUTime.now() - start) * 1000)
        }
        return samples.sorted()[samples.count / 2]
    }
}

/// CPU time of the whole process (every thread), in seconds.
enum ProcessCPUTime {
    static func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }
}
