import AudioWave

/// What `--write-tags` says on stderr about one file: the changes of a dry run (old → new) and every failure.
/// Files written or unchanged are not named: their reports say it.
enum TagMessages {
    /// The line for `report`, nil when there is nothing to say.
    static func line(for report: AnalysisReport) -> String? {
        guard let tags = report.tags else { return nil }
        let name = report.relativePath
        switch tags.status {
        case .wouldWrite:
            let changes = tags.fields.filter { $0.action == .wouldWrite }.map {
                "\($0.tag) \($0.previous.map { "\"\($0)\"" } ?? "(none)") → \"\($0.value ?? "")\""
            }
            let warning = tags.reason.map { " (\($0))" } ?? ""
            return "would tag \(name): \(changes.joined(separator: ", "))\(warning)"
        case .failed:
            let code = tags.errorCode.map { "\($0.rawValue.split(separator: "_").joined(separator: " ")): " } ?? ""
            return "audiowave: tags not written into \(name): \(code)\(tags.reason ?? "")"
        case .written, .unchanged, .skipped, .unsupported:
            return nil
        }
    }

    /// The closing summary line, nil when no record has a tags section.
    static func summary(_ counts: [TagsReport.Status: Int], dryRun: Bool) -> String? {
        guard !counts.isEmpty else { return nil }
        func count(_ status: TagsReport.Status) -> Int { counts[status] ?? 0 }
        let written = dryRun ? "\(count(.wouldWrite)) would be written" : "\(count(.written)) written"
        return "tags\(dryRun ? " (dry run, nothing written)" : ""): \(written), \(count(.unchanged)) unchanged, "
            + "\(count(.skipped)) skipped (analysis not ok), \(count(.unsupported)) unsupported format, "
            + "\(count(.failed)) failed"
    }
}
