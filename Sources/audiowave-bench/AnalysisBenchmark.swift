import ArgumentParser
import AudioWave
import Foundation

/// Measures the tempo and key chain against a truth table: decode (22050 Hz mono, excerpt or whole
/// file), STFT, onset envelope, chroma, estimators; prints ACC1, ACC2, MIREX key score, calibration and
/// speed (files/s, audio seconds per CPU second).
///
/// With `--features DIR`, the onset envelope and chroma of each file are read from `DIR/<file name>.json`
/// (written by `bench/dump_features.py` from librosa: `env`, frame-major `chroma`, `tuning` in
/// fractions of a bin, at 22050 Hz and hop 512), so the estimators are measured alone.
struct AnalysisBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analysis", abstract: "Tempo/key estimators against a truth CSV (ACC1, ACC2, MIREX key, speed).")

    @Option(help: "The truth CSV (path,bpm,key).")
    var truth: String

    @Option(help: "Folder of precomputed feature JSON files (see bench/dump_features.py); default: decode the audio.")
    var features: String?

    @Option(help: "Excerpt length in seconds, centred; 0 analyses whole files.")
    var excerpt: Double = 30

    @Option(help: "Key profile: \(KeyProfile.allCases.map(\.rawValue).joined(separator: ", ")), or 'all'.")
    var keyProfile: String = KeyProfile.default.rawValue

    @Flag(help: "Disable the harmonic emphasis of the key profiles.")
    var noHarmonicEmphasis = false

    @Option(help: "Chroma on every n-th STFT frame.")
    var keyFrameStride: Int = 4

    @Flag(help: "Tempo ablations: run the octave decision's cues one at a time and print ACC1/ACC2 for each.")
    var tempoAblation = false

    @Flag(help: "Chroma from spectral peaks only (FeatureConfiguration.chromaHarmonicEmphasis).")
    var peakChroma = false

    @Flag(help: "Also time each step of the chain (decode, STFT, onset, chroma, estimators) on every file.")
    var steps = false

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
        if let features {
            for entry in entries {
                let file = URL(fileURLWithPath: features).appendingPathComponent(entry.url.lastPathComponent + ".json")
                loaded[entry.path] = try JSONDecoder().decode(Features.self, from: Data(contentsOf: file))
            }
        }
        let tempoEstimator = TempoEstimator()
        let span: AnalysisSpan = excerpt > 0 ? .centredExcerpt(durationSeconds: excerpt) : .wholeFile
        if steps, features == nil { try timeSteps(entries, span: span) }
        if tempoAblation {
            try await ablate(entries, span: span, loaded: loaded)
            return
        }
        for profile in profiles {
            let keyConfiguration = KeyConfiguration(profile: profile, harmonicEmphasis: !noHarmonicEmphasis)
            let keyEstimator = KeyEstimator(configuration: keyConfiguration)
            var featureConfiguration = FeatureConfiguration.standard
            featureConfiguration.chromaHarmonicEmphasis = peakChroma
            let analyzer = try TempoKeyAnalyzer(
                features: featureConfiguration, key: keyConfiguration, keyFrameStride: keyFrameStride)
            var audioSeconds = 0.0
            let cpuStart = clock()
            let wallStart = ContinuousClock.now
            let report = await Evaluation.run(entries: entries) { entry in
                if features == nil {
                    let analysis = try analyzer.analyze(path: entry.url.path, span: span)
                    audioSeconds += analysis.durationSeconds
                    return FileEstimate(tempo: analysis.tempo, key: analysis.key)
                }
                guard let features = loaded[entry.path] else { return FileEstimate() }
                audioSeconds += Double(features.env.count) * 512 / 22050
                let tempo = tempoEstimator.estimate(onsetEnvelope: features.env, sampleRate: 22050, hopLength: 512)
                let chroma = Chromagram(
                    values: features.chroma, sampleRate: 22050, hopLength: 512, tuningCents: features.tuning * 100)
                return FileEstimate(tempo: tempo, key: keyEstimator.estimate(chromagram: chroma))
            }
            let cpuSeconds = Double(clock() - cpuStart) / Double(CLOCKS_PER_SEC)
            let wall = ContinuousClock.now - wallStart
            let wallSeconds = wall / .seconds(1)
            print(
                "profile \(profile.rawValue), harmonic emphasis \(!noHarmonicEmphasis), "
                    + (features == nil ? "decoded audio, span \(span)" : "precomputed features"))
            print(report.renderText(includingRows: verbose), terminator: "")
            print(
                String(
                    format:
                        "speed: %.1f files/s, %.0f audio s per CPU s (audio %.0f s, CPU %.2f s, wall %.2f s, 1 thread)\n",
                    Double(entries.count) / wallSeconds, audioSeconds / cpuSeconds, audioSeconds, cpuSeconds,
                    wallSeconds))
            if let json {
                try report.renderJSON().write(to: URL(fileURLWithPath: json))
            }
        }
    }

    /// CPU seconds of each step over all entries.
    func timeSteps(_ entries: [TruthEntry], span: AnalysisSpan) throws {
        let analyzer = try TempoKeyAnalyzer()
        let extractor = analyzer.features
        var totals = [Double](repeating: 0, count: 6)
        func timed<T>(_ index: Int, _ work: () throws -> T) rethrows -> T {
            let start = clock()
            let value = try work()
            totals[index] += Double(clock() - start) / Double(CLOCKS_PER_SEC)
            return value
        }
        for entry in entries {
            var options = DecodingOptions(sampleRate: 22050)
            if case .centredExcerpt(let seconds) = span {
                let total = try AudioDecoder.probe(path: entry.url.path).durationSeconds
                options.excerpt = Excerpt.centered(durationSeconds: seconds, inFileOf: total)
            }
            let decoded = try timed(0) { try AudioDecoder.decodeMono(path: entry.url.path, options: options) }
            let spectrogram = timed(1) { extractor.spectrogram(samples: decoded.samples) }
            let logMel = timed(2) { extractor.logMel(of: spectrogram) }
            _ = timed(2) { extractor.onsetEnvelope(samples: decoded.samples) }
            let chroma = timed(3) { extractor.chromagram(of: spectrogram.everyFrame(analyzer.keyFrameStride)) }
            let envelope = extractor.onsetEnvelope(samples: decoded.samples)
            _ = timed(4) {
                analyzer.tempoEstimator.estimate(onsetEnvelope: envelope, sampleRate: 22050, hopLength: 512)
            }
            _ = timed(5) { analyzer.keyEstimator.estimate(chromagram: chroma) }
            _ = logMel
        }
        let names = [
            "decode+resample", "STFT", "log-mel+onset (and a 2nd full onset pass)", "chroma+tuning", "tempo", "key",
        ]
        for (name, seconds) in zip(names, totals) { print(String(format: "  %@: %.3f CPU s", name, seconds)) }
    }

    /// ACC1/ACC2 with parts of the octave decision switched off.
    func ablate(_ entries: [TruthEntry], span: AnalysisSpan, loaded: [String: Features]) async throws {
        let variants: [(String, TempoConfiguration)] = [
            (
                "tempogram peak only (no octave decision, no alternative peaks)",
                TempoConfiguration(resolvesOctave: false, alternativePeakRegularity: 0)
            ),
            (
                "octave decision by beat salience + alternation only (prior exponent 0)",
                TempoConfiguration(octavePriorExponent: 0, alternativePeakRegularity: 0)
            ),
            (
                "octave decision by prior only (prior exponent 20)",
                TempoConfiguration(octavePriorExponent: 20, alternativePeakRegularity: 0)
            ),
            ("octave decision, all cues, no alternative peaks", TempoConfiguration(alternativePeakRegularity: 0)),
            ("full (octave decision + alternative peaks when beats are irregular)", TempoConfiguration()),
        ]
        for (name, configuration) in variants {
            let analyzer = try TempoKeyAnalyzer(tempo: configuration)
            let report = await Evaluation.run(entries: entries.filter { $0.bpm != nil }) { entry in
                if let features = loaded[entry.path] {
                    let estimate = analyzer.tempoEstimator.estimate(
                        onsetEnvelope: features.env, sampleRate: 22050, hopLength: 512)
                    return FileEstimate(tempo: estimate, key: nil)
                }
                let analysis = try analyzer.analyze(path: entry.url.path, span: span)
                return FileEstimate(tempo: analysis.tempo, key: nil)
            }
            let t = report.totals
            print(
                String(
                    format: "%@: ACC1 %.3f ACC2 %.3f, conf>=0.95 %d files accuracy %@", name, t.acc1, t.acc2,
                    t.tempoCalibration.confidentCount,
                    t.tempoCalibration.accuracy.map { String(format: "%.3f", $0) } ?? "n/a"))
        }
    }
}
