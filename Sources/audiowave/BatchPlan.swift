import AudioWave
import AudioWavePaths
import Foundation
import StageEngine

/// Everything `analyze` decided before any work: the configuration, the files, the outputs.
/// Building it reports every usage or configuration error (exit 2) before a file is touched.
struct BatchPlan {
    let analyzer: AudioAnalyzer
    let selection: BatchSelection
    let outputs: ReportOutputs
    let eventLog: EventLog?
    /// Records that could not be written to some output.
    let lost = LostRecords()
    let showsProgress: Bool
    let absolutePaths: Bool
    let printsTable: Bool
    let printsStageStatistics: Bool
    /// Standard input's copy for `analyze -`.
    let spool: StandardInputSpool?
    /// `--write-tags`: how each analysed file's tags are written; nil without it.
    let tagOptions: TagWriteOptions?

    /// - Parameters:
    ///   - command: The parsed command.
    ///   - standardInput: Standard input's copy when the command's path is `-` (the caller removes it).
    init(command: AnalyzeCommand, standardInput: StandardInputSpool? = nil) throws {
        analyzer = try AudioAnalyzer(
            configuration: try Self.configuration(for: command), logger: command.analysis.logger)
        var shard = Shard.all
        if let given = command.shard {
            shard = given
        } else if let fromEnvironment = try Shard.fromEnvironment(shardCount: command.shards) {
            shard = fromEnvironment
        }
        var resume =
            try command.resume
            ? ResumeIndex.load(
                jsonlFiles: command.jsonl.map { [URL(fileURLWithPath: $0)] } ?? [],
                outputDirectory: command.out.map { URL(fileURLWithPath: $0) })
            : nil
        resume?.removeLeftovers()  // temporary files of per-file reports a killed run left half-written
        if let jsonl = command.jsonl, let out = command.out {
            // Reports a killed run wrote to the JSONL but not yet under --out: copied, not analysed again.
            try resume?.completeOutputDirectory(
                fromJSONL: URL(fileURLWithPath: jsonl), into: URL(fileURLWithPath: out))
        }
        spool = standardInput
        selection = BatchSelection.make(
            paths: spool.map { [$0.file.path] } ?? command.paths, shard: shard, resume: resume,
            configHash: analyzer.configHash,
            retryFailed: command.retryFailed)
        printsTable = command.jsonl == nil && command.out == nil && command.csv == nil
        do {
            outputs = try ReportOutputs(
                jsonl: AnalyzeCommand.destination(command.jsonl), truncateJSONL: !command.resume,
                outputDirectory: command.out.map { URL(fileURLWithPath: $0) },
                csv: AnalyzeCommand.destination(command.csv), keepsReports: printsTable)
        } catch let error as AtomicFileError {
            throw error  // names the path already
        } catch let error as JSONLWriterError {
            throw error
        } catch {
            // Opening the JSONL file is the only other thing that can fail here.
            throw FileArgumentError(option: "--jsonl", path: command.jsonl ?? "", action: "cannot open", error)
        }
        eventLog = try command.events.map { try EventLog(path: $0) }
        showsProgress = !command.noProgress
        absolutePaths = command.absolutePaths
        printsStageStatistics = command.stats
        tagOptions = command.tags.writeOptions
    }

    /// The engine configuration from `--config`, then the flags over it.
    static func configuration(for command: AnalyzeCommand) throws -> AnalysisConfiguration {
        // One item per core unless the configuration file says otherwise: a file changes only what it names.
        var engine = EngineConfiguration()
        let cores = ProcessInfo.processInfo.activeProcessorCount
        engine.maxItemsInFlight = cores
        engine.maxParallelItemsPerStage = cores
        if let path = command.config {
            let data: Data
            do {
                data = try Data(contentsOf: URL(fileURLWithPath: path))
            } catch {
                throw FileArgumentError(option: "--config", path: path, action: "cannot read", error)
            }
            do {
                engine = try EngineConfiguration.decode(fromJSON: data, over: engine)
            } catch {
                throw FileArgumentError(option: "--config", path: path, reason: "\(error)")
            }
        }
        if let threshold = command.qualityThreshold { engine.qualityThreshold = threshold }
        var configuration = AnalysisConfiguration(engine: engine)
        command.analysis.apply(to: &configuration)
        return configuration
    }

    /// Runs the batch and returns the exit status: 0 all ok, 1 some failed or some paths were skipped
    /// (special files, folders that cannot be listed), 3 some records could not be written (an output
    /// lost: a full disk, a read-only folder), 130 interrupted.
    /// - Parameter handlingSignals: whether SIGINT/SIGTERM stop the batch (they are then ignored by the
    ///   process for good); tests running a batch in-process pass false.
    func execute(handlingSignals: Bool = true) async throws -> Int32 {
        let start = Date()
        for problem in selection.unreadableFolders {
            StandardError.write("audiowave: skipping folder \(problem.message)\n")
        }
        for skip in selection.skippedPaths {
            StandardError.write("audiowave: \(skip.message)\n")
        }
        if !selection.ignoredFiles.isEmpty {
            let count = selection.ignoredFiles.count
            let kinds = ScanResult.extensionCounts(of: selection.ignoredFiles).prefix(6)
                .map { "\($0.count) \($0.extension)" }.joined(separator: ", ")
            let more = ScanResult.extensionCounts(of: selection.ignoredFiles).count > 6 ? ", …" : ""
            StandardError.write(
                "audiowave: \(count) file\(count == 1 ? "" : "s") in the folders not analysed, not named like audio "
                    + "(\(kinds)\(more)); give a file's path to analyse it whatever its name\n")
        }
        for path in selection.duplicateRelativePaths {
            StandardError.write("audiowave: \(path) is found under two roots; its reports collide\n")
        }
        let progress = ProgressReporter(
            total: selection.toAnalyze.count + selection.failedRecords.count, enabled: showsProgress)
        for report in selection.failedRecords {
            try await outputs.write(tagging(report, at: nil))  // failed: marked skipped, never opened
            progress.fileFinished(failed: true)
        }
        let items = selection.toAnalyze.map { AnalysisItem(path: $0.path, relativePath: $0.relativePath) }
        let summary = await run(items, progress: progress, handlingSignals: handlingSignals)
        progress.finish()
        var reports: [AnalysisReport] = []
        do {
            reports = try await outputs.finish()
        } catch {
            lost.record("(closing the outputs)", error)
            StandardError.write("audiowave: cannot finish the outputs: \(LostRecords.describe(error))\n")
        }
        let eventLogFailure = eventLog?.close()

        if printsTable { print(SummaryTable.render(reports)) }
        let counts = await outputs.statusCounts
        let tagCounts = await outputs.tagStatusCounts
        let unscanned = (
            specialFiles: selection.skippedPaths.count, folders: selection.unreadableFolders.count
        )
        let lines = RunSummary.render(
            counts: counts, earlyExits: await outputs.earlyExitCount, audioSeconds: await outputs.audioSeconds,
            skipped: selection.skipped.count, unscanned: unscanned, notAnalyzed: summary.notAnalyzed,
            stopReason: summary.stopReason,
            wallSeconds: Date().timeIntervalSince(start),
            tags: tagOptions.map { (counts: tagCounts, dryRun: $0.dryRun) })
        StandardError.write(lines)
        if printsStageStatistics { StandardError.write(StageStatisticsTable.render(summary.statistics)) }
        if let eventLogFailure {
            StandardError.write("audiowave: events were lost: \(eventLogFailure)\n")
        }
        if let message = lost.summary() { StandardError.write("audiowave: \(message)\n") }
        if summary.wasInterrupted { return 130 }
        if !lost.isEmpty { return 3 }
        let skippedAny = unscanned.specialFiles + unscanned.folders > 0
        let tagsFailed = (tagCounts[.failed] ?? 0) > 0
        return (counts[.failed] ?? 0) > 0 || summary.notAnalyzed > 0 || eventLogFailure != nil || skippedAny
            || tagsFailed ? 1 : 0
    }

    /// With `--write-tags`, the report with its tags section (``TagWriter``; a failed or partial analysis is only
    /// marked skipped, its file never opened) and the dry run's or failure's line on stderr; without it, the report
    /// as it is.
    private func tagging(_ report: AnalysisReport, at path: String?) -> AnalysisReport {
        guard let tagOptions else { return report }
        let tagged = TagWriter.tagged(report, at: path ?? "", options: tagOptions)
        if let line = TagMessages.line(for: tagged) { StandardError.write(line + "\n") }
        return tagged
    }

    /// Analyses the items, writing each report as it finishes; SIGINT/SIGTERM stop the batch.
    private func run(
        _ items: [AnalysisItem], progress: ProgressReporter, handlingSignals: Bool
    ) async -> (notAnalyzed: Int, stopReason: BatchStopReason?, wasInterrupted: Bool, statistics: BatchStatistics) {
        let outputs = self.outputs
        let lost = self.lost
        let absolute = absolutePaths
        let paths = Dictionary(items.map { ($0.relativePath, $0.path ?? "") }, uniquingKeysWith: { first, _ in first })
        let onEvent: (@Sendable (EngineEvent) -> Void)?
        if let eventLog {
            onEvent = { event in eventLog.write(event) }
        } else {
            onEvent = nil
        }
        let analyzer = self.analyzer
        let control = BatchControl()
        let batch = Task {
            var cancelled = 0
            let summary = await analyzer.analyze(items, control: control, onEvent: onEvent) { report in
                if report.error?.code == .cancelled {
                    cancelled += 1  // not analysed: no record, so --resume picks it up
                    return
                }
                var report = tagging(report, at: paths[report.relativePath])
                if absolute { report.absolutePath = paths[report.relativePath].map(FileSystemPath.display) }
                do {
                    try await outputs.write(report)
                } catch {
                    lost.record(report.relativePath, error)
                    let reason = LostRecords.describe(error)
                    StandardError.write("audiowave: cannot write the report of \(report.relativePath): \(reason)\n")
                }
                progress.fileFinished(failed: report.status == .failed)
            }
            return (summary, cancelled)
        }
        // First signal: start nothing new and give files in flight a grace period to finish, then
        // cancel them (they get no record, so --resume redoes them). Second signal: exit at once.
        let signals: SignalHandling? =
            handlingSignals
            ? SignalHandling(
                gracePeriodSeconds: 5, onFirst: { control.stopAdmitting() }, onGraceExpired: { batch.cancel() })
            : nil
        let (summary, cancelled) = await batch.value
        return (
            summary.unstarted.count + cancelled, summary.stopReason, signals?.wasInterrupted ?? false,
            summary.statistics
        )
    }
}
