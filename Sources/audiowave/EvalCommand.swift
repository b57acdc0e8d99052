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
            right = exact key) and, when the CSV has a source column, ACC1, ACC2 and MIREX per source. The \
            analysis options are those of `analyze`, so the figures are those users get with the same flags.
            """
    )

    @Option(help: "The truth CSV: path,bpm,key and optionally source (other columns ignored).")
    var truth: String

    @Option(help: "Write per-file rows and totals as JSON to this file ('-' for standard output).")
    var json: String?

    @Option(parsing: .unconditional, help: "Confidence threshold whose calibration is reported (0...1).")
    var confidenceThreshold: Double = 0.95

    @Flag(help: "Print one line per file before the totals.")
    var verbose = false

    @OptionGroup(title: "Analysis options (shared with analyze)")
    var analysis: AnalysisOptions

    /// The spelling before `--excerpt-seconds` and `--no-early-exit`: `--excerpt 0` meant no early exit.
    @Option(name: .customLong("excerpt"), parsing: .unconditional, help: .hidden)
    var legacyExcerpt: Double?

    func validate() throws {
        guard (0...1).contains(confidenceThreshold) else {
            throw ValidationError("--confidence-threshold must be in 0...1, got \(confidenceThreshold)")
        }
    }

    /// The pipeline configuration: the shared options, tempo and key alone unless `--only` says otherwise,
    /// and every core unless `--jobs` says otherwise.
    func analysisConfiguration() -> AnalysisConfiguration {
        var configuration = AnalysisConfiguration()
        let cores = ProcessInfo.processInfo.activeProcessorCount
        configuration.engine.maxItemsInFlight = cores
        configuration.engine.maxParallelItemsPerStage = cores
        analysis.apply(to: &configuration, defaultAnalyses: [.tempo, .key])
        if let legacyExcerpt {
            if legacyExcerpt == 0 {
                configuration.engine.earlyTerminationOnQuality = false
            } else {
                configuration.excerptSeconds = legacyExcerpt
            }
        }
        return configuration
    }

    func run() async throws {
        let analyzer: AudioAnalyzer
        do {
            analyzer = try AudioAnalyzer(configuration: analysisConfiguration(), logger: analysis.logger)
        } catch {
            StandardError.write("audiowave: \(error)\n")
            throw ExitCode(2)
        }
        let entries = try TruthTable.load(from: URL(fileURLWithPath: truth))
        var reports: [String: AnalysisReport] = [:]
        await analyzer.analyze(entries.map { AnalysisItem(path: $0.url.path, relativePath: $0.path) }) { report in
            reports[report.relativePath] = report
        }
        var evaluation = await Evaluation.run(entries: entries, confidenceThreshold: confidenceThreshold) { entry in
            guard let report = reports[entry.path] else {
                throw ReportError(code: .cancelled, message: "\(entry.path): not analysed")
            }
            if report.status == .failed, let error = report.error { throw error }
            // A null tempo or key (silence, atonal input) gives a nil estimate: counted wrong, class "none".
            return FileEstimate(
                bpm: report.tempo?.bpm, tempoConfidence: report.tempo?.confidence,
                key: report.key.flatMap { MusicalKey(parsing: $0.name) }, keyConfidence: report.key?.confidence,
                tempoUnavailableReason: report.tempoUnavailableReason, keyUnavailableReason: report.keyUnavailableReason
            )
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
