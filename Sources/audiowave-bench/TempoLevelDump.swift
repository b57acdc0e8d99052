import ArgumentParser
import AudioWave
import Foundation

/// Writes, for each file of a truth table, the tempo estimator's trace (every metrical level weighed,
/// with its features) as one JSON line: the input of `scripts/fit_tempo_levels.py`.
struct TempoLevelDump: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tempo-levels",
        abstract: "Dump the tempo octave decision's per-level features (JSON lines) for a truth CSV.")

    @Option(help: "The truth CSV (path,bpm,...).")
    var truth: String

    @Option(help: "Excerpt length in seconds, centred; 0 analyses whole files (default 30, as `analyze`).")
    var excerpt: Double = 30

    @Option(help: "Write the JSON lines here.")
    var output: String

    @Option(help: "Try the unrelated tempogram peaks when the beats' regularity is below this (1 always tries them).")
    var alternativePeakRegularity: Double = TempoConfiguration.standard.alternativePeakRegularity

    func run() async throws {
        let entries = try TruthTable.load(from: URL(fileURLWithPath: truth))
        let extractor = try FeatureExtractor()
        let estimator = TempoEstimator(
            configuration: TempoConfiguration(alternativePeakRegularity: alternativePeakRegularity))
        let sampleRate = extractor.configuration.sampleRate
        var lines: [String] = []
        let encoder = ReportJSON.makeEncoder()
        for entry in entries where entry.bpm != nil {
            var options = DecodingOptions(sampleRate: Int(sampleRate.rounded()))
            if excerpt > 0 {
                let properties = try AudioDecoder.probe(path: entry.url.path)
                options.excerpt = Excerpt.centered(durationSeconds: excerpt, inFileOf: properties.durationSeconds)
            }
            let decoded = try AudioDecoder.decodeMono(path: entry.url.path, options: options)
            let features = extractor.summarizedFeatures(samples: decoded.samples, scope: .onset)
            let trace = estimator.trace(
                onsetEnvelope: features.onsetEnvelope,
                frameRate: sampleRate / Double(extractor.configuration.hopLength),
                frameLevels: features.rms)
            struct Line: Encodable {
                var path: String
                var truth: Double?
                var trace: TempoTrace?
            }
            let data = try encoder.encode(Line(path: entry.path, truth: entry.bpm, trace: trace))
            lines.append(String(decoding: data, as: UTF8.self))
        }
        try (lines.joined(separator: "\n") + "\n").write(toFile: output, atomically: true, encoding: .utf8)
        print("wrote \(lines.count) lines to \(output)")
    }
}
