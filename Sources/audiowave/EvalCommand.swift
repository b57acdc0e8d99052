import ArgumentParser
import AudioWave
import Foundation

/// `audiowave eval --truth truth.csv`: analyse every labelled file and score tempo and key.
struct EvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Score tempo and key estimates against a truth CSV (path,bpm,key).",
        discussion: """
            Paths in the CSV are relative to its folder; an empty bpm or key means "not labelled". Prints tempo \
            ACC1 (within 4%), ACC2 (within 4% of ×1, ×2, ×3, ×½, ×⅓), the MIREX weighted key score (1.0 same, \
            0.5 fifth, 0.3 relative, 0.2 parallel) with category counts, and the confidence calibration: the share \
            of items with confidence ≥ the threshold and their accuracy.
            """
    )

    @Option(help: "The truth CSV: path,bpm,key (other columns ignored).")
    var truth: String

    @Option(help: "Write per-file rows and totals as JSON to this file ('-' for standard output).")
    var json: String?

    @Option(help: "Key profile: \(KeyProfile.allCases.map(\.rawValue).joined(separator: ", ")).")
    var keyProfile: String = KeyProfile.default.rawValue

    @Option(help: "Analyse a centred excerpt of this many seconds; 0 analyses whole files.")
    var excerpt: Double = 30

    @Option(help: "Confidence threshold whose calibration is reported.")
    var confidenceThreshold: Double = 0.95

    @Flag(help: "Print one line per file before the totals.")
    var verbose = false

    func validate() throws {
        guard KeyProfile(rawValue: keyProfile) != nil else {
            throw ValidationError("unknown --key-profile '\(keyProfile)'")
        }
        guard excerpt >= 0, excerpt.isFinite else { throw ValidationError("--excerpt must be ≥ 0") }
        guard (0...1).contains(confidenceThreshold) else { throw ValidationError("--confidence-threshold must be in 0...1") }
    }

    func run() async throws {
        let entries = try TruthTable.load(from: URL(fileURLWithPath: truth))
        let profile = KeyProfile(rawValue: keyProfile) ?? .default
        let analyzer = try TempoKeyAnalyzer(key: KeyConfiguration(profile: profile))
        let span: AnalysisSpan = excerpt > 0 ? .centredExcerpt(durationSeconds: excerpt) : .wholeFile
        let report = await Evaluation.run(entries: entries, confidenceThreshold: confidenceThreshold) { entry in
            let analysis = try analyzer.analyze(path: entry.url.path, span: span)
            return FileEstimate(tempo: analysis.tempo, key: analysis.key)
        }
        if json != "-" {
            print(report.renderText(includingRows: verbose), terminator: "")
        }
        if let json {
            let data = try report.renderJSON()
            if json == "-" {
                print(String(decoding: data, as: UTF8.self))
            } else {
                try data.write(to: URL(fileURLWithPath: json), options: .atomic)
            }
        }
    }
}
