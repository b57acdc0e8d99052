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

    struct Output: Encodable {
        var machine: String
        var repetitions: Int
        var rows: [Row]
        var peakRSSMegabytes: Double
    }

    func run() async throws {
        var rows: [Row] = []
        for file in files {
            let properties = try AudioDecoder.probe(path: file)
            let minutes = properties.durationSeconds / 60
            func add(_ step: String, _ cpuMs: Double) {
                rows.append(
                    Row(
                        file: (file as NSString).lastPathComponent, step: step, cpuMsPerAudioMinute: cpuMs / minutes,
                        realtimePerCPUSecond: properties.durationSeconds / max(cpuMs / 1000, 1e-9)))
            }
            add(
                "decode (native rate)",
                try measure { _ = try AudioDecoder.decodeMono(path: file, options: DecodingOptions(sampleRate: nil)) })
            add("decode + resample 22050", try measure { _ = try AudioDecoder.decodeMono(path: file) })
            var blocks: [[Float]] = []
            _ = try AudioDecoder.decodeMono(path: file) { block, frames, channels in
                blocks.append(Array(block[0..<(frames * channels)]))
            }
            add(
                "loudness (EBU R128, native)",
                try measure {
                    let meter = try LoudnessMeter(
                        channelCount: properties.channelCount, sampleRate: properties.sampleRate)
                    for block in blocks {
                        meter.add(interleaved: block, frameCount: block.count / properties.channelCount)
                    }
                    _ = meter.result()
                })
            let samples = try AudioDecoder.decodeMono(path: file).samples
            let extractor = try FeatureExtractor()
            add("STFT", try measure { _ = extractor.spectrogram(samples: samples) })
            let spectrogram = extractor.spectrogram(samples: samples)
            add("chroma (from STFT)", try measure { _ = extractor.chromagram(of: spectrogram) })
            add("onset envelope (from samples)", try measure { _ = extractor.onsetEnvelope(samples: samples) })
            add("all frame features (incl. STFT)", try measure { _ = extractor.extract(samples: samples) })
            let features = extractor.extract(samples: samples)
            let tempo = TempoEstimator()
            add(
                "tempo + beats",
                try measure {
                    _ = tempo.estimate(
                        onsetEnvelope: features.onsetEnvelope, sampleRate: features.sampleRate,
                        hopLength: features.hopLength)
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
                add(
                    earlyExit ? "pipeline (progressive)" : "pipeline (--no-early-exit)",
                    try await measureAsync {
                        report = await analyzer.analyze(path: file)
                    })
                if earlyExit, let report {
                    add("report JSON encoding", try measure { _ = try ReportJSON.encodeLine(report) })
                }
            }
        }
        let peak = BenchTiming.peakRSSMegabytes()
        if json {
            try benchPrintJSON(
                Output(
                    machine: BenchTiming.machineDescription(), repetitions: repetitions, rows: rows,
                    peakRSSMegabytes: peak))
            return
        }
        print("step costs, median of \(repetitions) runs, process CPU time; \(BenchTiming.machineDescription())")
        print(benchPad("file", 30), benchPad("step", 32), benchPad("CPU ms/audio min", 17), "× real time per CPU s")
        for row in rows {
            print(
                benchPad(row.file, 30), benchPad(row.step, 32), benchPad(benchFormat(row.cpuMsPerAudioMinute), 17),
                benchFormat(row.realtimePerCPUSecond, digits: 0) + "×")
        }
        print(
            "peak RSS of this process: \(benchFormat(peak)) MB (every file decoded in memory; see `scaling` for the CLI's)"
        )
        print(
            "engine overhead: `audiowave-bench engine`; long inputs and jobs: `scaling`; decode and FFTW floor: `floor`"
        )
    }

    /// Median process CPU time (all threads) of `repetitions` runs after a warm-up, in ms.
    private func measure(_ body: () throws -> Void) throws -> Double {
        try BenchTiming.medianCPUMilliseconds(repetitions: repetitions, body)
    }

    private func measureAsync(_ body: () async throws -> Void) async throws -> Double {
        try await BenchTiming.medianCPUMilliseconds(repetitions: repetitions, body)
    }
}
