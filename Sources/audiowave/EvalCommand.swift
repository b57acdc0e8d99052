import ArgumentParser
import AudioWave
import Foundation

/// `audiowave eval --truth truth.csv`: analyse every labelled file and score tempo and key.
struct EvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Score tempo and key estimates against a truth CSV (path,bpm,key[,source]).",
        discussion: """
            Paths in the CSV are relative to its folder; an empty bpm or key means "not labelled". Prints tempo \
            ACC1 (within 4%), ACC2 (within 4% of ×1, ×2, ×3, ×½, ×⅓), the MIREX weighted key score (1.0 same, \
            0.5 fifth, 0.3 relative, 0.2 parallel) with category counts, the error classes (tempo ×2, ×½, ×3, ×⅓, \
            other; key fifth, relative, parallel, other; "none" when a labelled file got no estimate, which counts \
            as wrong), the confidence calibration (the share of items with confidence ≥ the threshold and their \
            accuracy), a reliability table (confidence bins → files and share right; tempo right = ACC1, key \
            right = exact key) and, when the CSV has a source column, ACC1, ACC2 and MIREX per source.
            """
    )

    @Option(help: "The truth CSV: path,bpm,key and optionally source (other columns ignored).")
    var truth: String

    @Option(help: "Write per-file rows and totals as JSON to this file ('-' for standard output).")
    var json: String?

    @Option(help: "Key profile: \(KeyProfile.allCases.map(\.rawValue).joined(separator: ", ")).")
    var keyProfile: String = KeyProfile.default.rawValue

    @Option(help: "Seconds of the initial analysis's centred excerpt (files whose excerpt is confident end there, as in `analyze`); 0 gives every file the full-track analysis (--no-early-exit).")
    var excerpt: Double = 30

    @Option(help: "Files analysed at once (default: the number of cores).")
    var jobs: Int?

    @Option(help: "Confidence threshold whose calibration is reported.")
    var confidenceThreshold: Double = 0.95

    @Option(help: ArgumentHelp(
        "Analyses to run, comma-separated, as `analyze --only` (default: tempo,key, the two evaluated; the results are the same as with every analysis, only faster).",
        valueName: "list"))
    var only: String = "tempo,key"

    @Flag(help: "Print one line per file before the totals.")
    var verbose = false

    func validate() throws {
        guard KeyProfile(rawValue: keyProfile) != nil else {
            throw ValidationError("unknown --key-profile '\(keyProfile)'")
        }
        guard excerpt == 0 || (excerpt >= 5 && excerpt.isFinite) else {
            throw ValidationError("--excerpt must be 0 or at least 5 s")
        }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        guard (0...1).contains(confidenceThreshold) else { throw ValidationError("--confidence-threshold must be in 0...1") }
        do {
            _ = try Analysis.parseList(only)
        } catch {
            throw ValidationError("--only: \(error.reason)")
        }
    }

    func run() async throws {
        let entries = try TruthTable.load(from: URL(fileURLWithPath: truth))
        let profile = KeyProfile(rawValue: keyProfile) ?? .default
        // The files go through the same pipeline as `analyze`, so the figures are those users get.
        var configuration = AnalysisConfiguration()
        configuration.key.profile = profile
        configuration.analyses = (try? Analysis.parseList(only)) ?? [.tempo, .key]
        if excerpt > 0 {
            configuration.excerptSeconds = excerpt
        } else {
            configuration.engine.earlyTerminationOnQuality = false
        }
        let jobs = self.jobs ?? ProcessInfo.processInfo.activeProcessorCount
        configuration.engine.maxItemsInFlight = jobs
        configuration.engine.maxParallelItemsPerStage = jobs
        let analyzer = try AudioAnalyzer(configuration: configuration)
        var reports: [String: AnalysisReport] = [:]
        await analyzer.analyze(entries.map { AnalysisItem(path: $0.url.path, relativePath: $0.path) }) { report in
            reports[report.relativePath] = report
        }
        var evaluation = await Evaluation.run(entries: entries, confidenceThreshold: confidenceThreshold) { entry in
            guard let report = reports[entry.path] else {
                throw ReportError(code: .cancelled, message: "\(entry.path): not analysed")
            }
            if report.status == .failed, let error = report.error { throw error }
            return FileEstimate(
                bpm: report.tempo?.bpm, tempoConfidence: report.tempo?.confidence,
                key: report.key.flatMap { MusicalKey(parsing: $0.name) }, keyConfidence: report.key?.confidence)
        }
        // Each file's analysis time is the sum of its stages' durations in the pipeline.
        for index in evaluation.rows.indices {
            let stages = reports[evaluation.rows[index].path]?.stages ?? []
            evaluation.rows[index].seconds = stages.reduce(0) { $0 + $1.durationMilliseconds } / 1000
        }
        let report = EvaluationReport(rows: evaluation.rows, confidenceThreshold: confidenceThreshold)
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
