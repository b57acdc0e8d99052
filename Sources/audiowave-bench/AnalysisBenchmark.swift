import ArgumentParser
import AudioWave
import Foundation

/// Measures the tempo and key estimators against a truth table.
///
/// With `--features DIR`, the onset envelope and chroma of each file are read from `DIR/<file name>.json`
/// (written by `bench/dump_features.py` from librosa: `env`, frame-major `chroma`, `tuning` in
/// fractions of a bin, at 22050 Hz and hop 512), so the estimators are measured alone.
struct AnalysisBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analysis", abstract: "Tempo/key estimators against a truth CSV (ACC1, ACC2, MIREX key, speed).")

    @Option(help: "The truth CSV (path,bpm,key).")
    var truth: String

    @Option(help: "Folder of precomputed feature JSON files (see bench/dump_features.py).")
    var features: String

    @Option(help: "Key profile: \(KeyProfile.allCases.map(\.rawValue).joined(separator: ", ")), or 'all'.")
    var keyProfile: String = KeyProfile.default.rawValue

    @Flag(help: "Disable the harmonic emphasis of the key profiles.")
    var noHarmonicEmphasis = false

    @Flag(help: "Print one line per file.")
    var verbose = false

    @Option(help: "Write the JSON report here.")
    var json: String?

    struct Features: Decodable {
        var env: [Float]
        var chroma: [Float]
        var tuning: Double
    }

    func run() async throws {
        let entries = try TruthTable.load(from: URL(fileURLWithPath: truth))
        let profiles: [KeyProfile]
        if keyProfile == "all" {
            profiles = KeyProfile.allCases
        } else if let profile = KeyProfile(rawValue: keyProfile) {
            profiles = [profile]
        } else {
            throw ValidationError("unknown key profile '\(keyProfile)'")
        }
        var loaded: [String: Features] = [:]
        for entry in entries {
            let file = URL(fileURLWithPath: features).appendingPathComponent(entry.url.lastPathComponent + ".json")
            loaded[entry.path] = try JSONDecoder().decode(Features.self, from: Data(contentsOf: file))
        }
        let tempoEstimator = TempoEstimator()
        for profile in profiles {
            let keyEstimator = KeyEstimator(
                configuration: KeyConfiguration(profile: profile, harmonicEmphasis: !noHarmonicEmphasis))
            let report = await Evaluation.run(entries: entries) { entry in
                guard let features = loaded[entry.path] else { return FileEstimate() }
                let tempo = tempoEstimator.estimate(onsetEnvelope: features.env, sampleRate: 22050, hopLength: 512)
                let chroma = Chromagram(
                    values: features.chroma, sampleRate: 22050, hopLength: 512, tuningCents: features.tuning * 100)
                return FileEstimate(tempo: tempo, key: keyEstimator.estimate(chromagram: chroma))
            }
            print("profile \(profile.rawValue), harmonic emphasis \(!noHarmonicEmphasis):")
            print(report.renderText(includingRows: verbose))
            if let json {
                try report.renderJSON().write(to: URL(fileURLWithPath: json))
            }
        }
    }
}
