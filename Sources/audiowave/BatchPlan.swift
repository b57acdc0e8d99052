import AudioWave
import Foundation
import StageEngine

/// Everything `analyze` decided before any work: the configuration, the files, the outputs.
/// Building it reports every usage or configuration error (exit 2) before a file is touched.
struct BatchPlan {
    let analyzer: AudioAnalyzer
    let files: [ScannedFile]
    let problems: [ScanProblem]
    let skipped: Int
    let sinks: ReportSinks
    let eventLog: EventLog?
    let showsProgress: Bool
    let absolutePaths: Bool

    init(command: AnalyzeCommand) throws {
        var engine = EngineConfiguration()
        if let path = command.config {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            engine = try EngineConfiguration.decode(fromJSON: data)
        }
        let jobs = command.jobs ?? (command.config == nil ? ProcessInfo.processInfo.activeProcessorCount : nil)
        if let jobs {
            engine.maxItemsInFlight = jobs
            engine.maxParallelItemsPerStage = jobs
        }
        if let threshold = command.qualityThreshold { engine.qualityThreshold = threshold }
        if command.noEarlyExit { engine.earlyTerminationOnQuality = false }
        var configuration = AnalysisConfiguration(
            engine: engine, sampleRate: command.sampleRate, excerptSeconds: command.excerptSeconds)
        if let name = command.keyProfile {
            guard let profile = KeyProfile(rawValue: name) else {
                throw UsageError("unknown --key-profile '\(name)'; choose one of \(KeyProfile.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            configuration.key.profile = profile
        }
        analyzer = try AudioAnalyzer(configuration: configuration)

        let scan = FileScanner().scan(command.paths)
        var files = scan.files
        if let text = command.shard {
            files = try Shard(parsing: text).filter(files)
        } else if let shard = try Shard.fromEnvironment(shardCount: command.shards) {
            files = shard.filter(files)
        }
        problems = scan.problems
        let before = files.count
        if command.resume {
            let index = try ResumeIndex.load(
                jsonlFiles: command.jsonl.map { [URL(fileURLWithPath: $0)] } ?? [],
                outputDirectory: command.out.map { URL(fileURLWithPath: $0) })
            let hash = analyzer.configHash
            files = files.filter { file in
                guard let facts = try? SourceFacts.current(atPath: file.url.path) else { return true }
                return !index.canSkip(
                    relativePath: file.relativePath, source: facts, configHash: hash, retryFailed: command.retryFailed)
            }
        }
        skipped = before - files.count
        self.files = files
        sinks = try ReportSinks(
            jsonl: command.jsonl, out: command.out, csv: command.csv, appends: command.resume,
            printsTable: command.jsonl == nil && command.out == nil && command.csv == nil)
        eventLog = try command.events.map { try EventLog(path: $0) }
        showsProgress = !command.noProgress
        absolutePaths = command.absolutePaths
    }

    /// Runs the batch and returns the exit status: 0 all ok, 1 some failed, 130 interrupted.
    func execute() async throws -> Int32 {
        let start = Date()
        let total = files.count + problems.count
        let progress = ProgressReporter(total: total, enabled: showsProgress)
        let tally = Tally()
        for problem in problems {
            let report = AnalysisReport.makeFailed(
                relativePath: problem.relativePath,
                error: ReportError(code: problem.code, message: problem.message, stage: "preparation"),
                configHash: analyzer.configHash)
            try await sinks.write(report)
            tally.add(report)
            progress.fileFinished(failed: true)
        }
        let items = files.map { AnalysisItem(path: $0.url.path, relativePath: $0.relativePath) }
        let absolute = absolutePaths
        let sinks = self.sinks
        let eventLog = self.eventLog
        let analyzer = self.analyzer
        let onEvent: (@Sendable (EngineEvent) -> Void)?
        if let eventLog {
            onEvent = { event in eventLog.write(event) }
        } else {
            onEvent = nil
        }
        let batch = Task {
            await analyzer.analyze(items, onEvent: onEvent) { report in
                if report.error?.code == .cancelled {
                    tally.addCancelled()  // not analysed: no record, so --resume picks it up
                    return
                }
                var report = report
                if absolute, let index = items.firstIndex(where: { $0.relativePath == report.relativePath }) {
                    report.absolutePath = items[index].path
                }
                do {
                    try await sinks.write(report)
                } catch {
                    FileHandle.standardError.write(Data("audiowave: cannot write the report of \(report.relativePath): \(error)\n".utf8))
                }
                tally.add(report)
                progress.fileFinished(failed: report.status == .failed)
            }
        }
        let signals = SignalHandling { batch.cancel() }
        let summary = await batch.value
        progress.finish()
        try await sinks.close()
        eventLog?.close()

        let elapsed = Date().timeIntervalSince(start)
        if let table = await sinks.table() { print(table) }
        let lines = RunSummary.render(
            tally: tally, skipped: skipped, unstarted: summary.unstarted.count + tally.cancelled, stopReason: summary.stopReason,
            wallSeconds: elapsed)
        FileHandle.standardError.write(Data(lines.utf8))
        if signals.wasInterrupted { return 130 }
        return tally.failed > 0 || !summary.unstarted.isEmpty || tally.cancelled > 0 ? 1 : 0
    }
}

/// A usage error found while planning (exit status 2).
struct UsageError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
