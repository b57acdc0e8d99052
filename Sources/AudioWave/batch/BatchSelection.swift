import AudioWaveReport

/// What a batch run will do, decided before any audio is touched: the files to analyse, the
/// files `--resume` skips, and the records of paths that could not even be scanned.
///
/// It strings together ``FileScanner``, ``Shard`` and ``ResumeIndex`` in the order the CLI
/// needs: scan → keep this shard's files → skip the up-to-date ones.
public struct BatchSelection: Sendable {
    /// Files to analyse, in scan order.
    public var toAnalyze: [ScannedFile]
    /// Files skipped because an up-to-date record exists.
    public var skipped: [ScannedFile]
    /// `failed` records for single paths the scanner could not reach (missing paths, broken
    /// links), in this shard. Write them like any other record.
    public var failedRecords: [AnalysisReport]
    /// Folders that could not be listed: their files are unknown, so no record is made; the CLI
    /// warns and counts them as skips in its exit status.
    public var unreadableFolders: [ScanProblem]
    /// Paths of this shard the scan met but that get no record (``ScanResult/skipped``: special files,
    /// entries that cannot be examined); the CLI lists them and counts them in its exit status.
    public var skippedPaths: [ScanProblem] = []
    /// Relative paths found under more than one root (their records would collide).
    public var duplicateRelativePaths: [String]
    /// This shard's files in the scanned folders whose extension no decoder reads (``ScanResult/ignoredFiles``):
    /// no record; the CLI says how many there were, by extension (``ScanResult/extensionCounts(of:)``).
    public var ignoredFiles: [String] = []

    /// Plans a run.
    /// - Parameters:
    ///   - paths: Command-line paths (files or folders).
    ///   - scanner: The scanner (extensions, hidden files).
    ///   - shard: This process's shard (``Shard/all`` when unsharded).
    ///   - resume: Records of earlier runs, or nil without `--resume`.
    ///   - configHash: This run's configuration hash (also written into `failedRecords`).
    ///   - retryFailed: With `--retry-failed`, files recorded as failed are analysed again.
    /// - Returns: The plan; a file whose size and mtime cannot be read is analysed (and fails there).
    public static func make(
        paths: [String], scanner: FileScanner = FileScanner(), shard: Shard = .all, resume: ResumeIndex? = nil,
        configHash: String, retryFailed: Bool = false
    ) -> BatchSelection {
        let scan = scanner.scan(paths)
        var plan = BatchSelection(
            toAnalyze: [], skipped: [], failedRecords: [], unreadableFolders: [],
            duplicateRelativePaths: scan.duplicateRelativePaths)
        for file in shard.filter(scan.files) {
            if let resume, let facts = try? SourceFacts.current(atPath: file.path),
                resume.canSkip(
                    relativePath: file.relativePath, source: facts, configHash: configHash,
                    retryFailed: retryFailed)
            {
                plan.skipped.append(file)
            } else {
                plan.toAnalyze.append(file)
            }
        }
        plan.skippedPaths = scan.skipped.filter { shard.contains(relativePath: $0.relativePath) }
        plan.ignoredFiles = scan.ignoredFiles.filter { shard.contains(relativePath: $0) }
        for problem in scan.problems {
            if problem.isDirectory {
                plan.unreadableFolders.append(problem)
            } else if shard.contains(relativePath: problem.relativePath) {
                let skip =
                    resume?.entry(for: problem.relativePath).map {
                        $0.status == .failed && $0.source == nil && $0.configHash == configHash
                            && $0.analyzerVersion == AudioWaveVersion.analyzer && !retryFailed
                    } ?? false
                if !skip {
                    plan.failedRecords.append(
                        AnalysisReport.makeFailed(
                            relativePath: problem.relativePath,
                            error: ReportError(code: problem.code, message: problem.message),
                            configHash: configHash, analyzedAt: ReportTimestamp.now()))
                }
            }
        }
        return plan
    }
}
