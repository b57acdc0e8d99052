import AudioWavePaths
import AudioWaveReport

/// Writes a report's BPM and key into the analysed file's own tags through TagLib: ID3v2 `TBPM`/`TKEY` (MP3),
/// Vorbis comments `BPM`/`INITIALKEY` (FLAC, Ogg Vorbis, Opus), MP4 `tmpo` and
/// `----:com.apple.iTunes:initialkey` (M4A). Only the tag's bytes change, never the audio; WAV, AIFF and other
/// formats are reported `unsupported` and left alone.
///
/// A field is written only after a successful analysis (status `ok`), only when its confidence reaches
/// ``TagWriteOptions/minConfidence``, and only when the tag does not already hold the value; the BPM is rounded
/// to an integer (``TagPlan/bpmValue(_:)``), the key written in ``TagWriteOptions/keyNotation``. Other tags and
/// other fields are kept as they are.
///
/// ```swift
/// let report = await analyzer.analyze(path: path)
/// let tagged = TagWriter.tagged(report, at: path, options: TagWriteOptions(keyNotation: .camelot))
/// // tagged.tags?.status == .written; tagged.source is the file as it is now
/// ```
///
/// Blocking file I/O (TagLib rewrites the file when the tag grows past its padding): call it where blocking is
/// fine. Calls on different files may run at once; one file must not be tagged by two calls at once.
public enum TagWriter {
    /// Writes the report's BPM and key into the file at `path` (or, with ``TagWriteOptions/dryRun``, only reads
    /// the tags and says what would change).
    /// - Parameters:
    ///   - report: The file's analysis.
    ///   - path: The file that was analysed.
    ///   - options: Threshold, key notation, dry run.
    /// - Returns: What was written, or would be, or why nothing (skipped, unsupported, unchanged).
    /// - Throws: ``TagError``: `not_found`, `changed` (the file differs from the report's `source`), `read_only`,
    ///   `unreadable`, `write_failed`; the file is then unchanged.
    public static func write(
        report: AnalysisReport, to path: String, options: TagWriteOptions
    ) throws(TagError) -> TagsReport {
        let (tags, error) = run(report: report, path: path, options: options)
        if let error { throw error }
        return tags
    }

    /// Writes like ``write(report:to:options:)`` and returns the report with its ``AnalysisReport/tags`` section;
    /// a failure is that section's `failed` status, never thrown. After a write the report's `source` describes
    /// the file as it now is (tags change its size and modification time, not its audio), so that `--resume`
    /// recognises it.
    public static func tagged(_ report: AnalysisReport, at path: String, options: TagWriteOptions) -> AnalysisReport {
        var tagged = report
        tagged.tags = run(report: report, path: path, options: options).tags
        if tagged.tags?.status == .written, case .success(let status) = FileSystemPath.status(of: path) {
            tagged.source = SourceFacts(
                sizeBytes: status.sizeBytes, mtimeSeconds: status.mtimeSeconds,
                mtimeNanoseconds: status.mtimeNanoseconds)
        }
        return tagged
    }

    /// The tags section, and the error when the status is `failed`.
    static func run(
        report: AnalysisReport, path: String, options: TagWriteOptions
    ) -> (tags: TagsReport, error: TagError?) {
        let plan = TagPlan(report: report, options: options)
        func failure(_ error: TagError, _ format: TagFormat?, _ fields: [TagFieldReport]) -> (TagsReport, TagError?) {
            var tags = TagsReport(.failed, options, format: format, fields: fields, reason: error.reason)
            tags.errorCode = error.code
            return (tags, error)
        }
        if let reason = plan.skipReason { return (TagsReport(.skipped, options, reason: reason), nil) }
        do throws(TagError) {
            try checkUnchanged(path, since: report.source)
            guard let file = try TagFile.open(path), let format = file.format else {
                return (TagsReport(.unsupported, options, reason: unsupportedReason(path)), nil)
            }
            var fields = plan.entries.map { fieldReport($0, format: format, previous: file.value(of: $0.field)) }
            let changes = fields.indices.filter { fields[$0].action == .wouldWrite }
            guard !changes.isEmpty else {
                return (TagsReport(.unchanged, options, format: format, fields: fields), nil)
            }
            if options.dryRun {
                let reason = file.isReadOnly ? "the file is read-only: writing it would fail" : nil
                return (TagsReport(.wouldWrite, options, format: format, fields: fields, reason: reason), nil)
            }
            do throws(TagError) {
                for index in changes {
                    if let value = fields[index].value { try file.set(fields[index].field, to: value) }
                }
                try file.save()
            } catch {
                for index in changes { fields[index].action = .notWritten }
                return failure(error, format, fields)
            }
            for index in changes { fields[index].action = .written }
            return (TagsReport(.written, options, format: format, fields: fields), nil)
        } catch {
            return failure(error, nil, [])
        }
    }

    /// The field's line: unchanged when the tag already holds the value, else to be written (for now
    /// ``TagFieldReport/Action/wouldWrite``).
    private static func fieldReport(_ entry: TagPlan.Entry, format: TagFormat, previous: String?) -> TagFieldReport {
        let action: TagFieldReport.Action
        var reason: String?
        switch entry.decision {
        case .write(let value): action = previous == value ? .unchanged : .wouldWrite
        case .belowThreshold: action = .belowThreshold
        case .unavailable(let why):
            action = .unavailable
            reason = why
        }
        return TagFieldReport(
            field: entry.field, tag: entry.field.tagName(in: format), previous: previous, value: entry.value,
            confidence: entry.confidence, action: action, reason: reason)
    }

    /// Refuses a file whose size or modification time differ from the report's `source` (nil: not checked).
    private static func checkUnchanged(_ path: String, since source: SourceFacts?) throws(TagError) {
        guard let source, case .success(let now) = FileSystemPath.status(of: path) else { return }
        guard
            now.sizeBytes != source.sizeBytes || now.mtimeSeconds != source.mtimeSeconds
                || now.mtimeNanoseconds != source.mtimeNanoseconds
        else { return }
        throw TagError(
            .changed, path: path,
            reason: "the file changed since it was analysed (size or modification time differ): analyse it again")
    }

    private static func unsupportedReason(_ path: String) -> String {
        let name = FileSystemPath.display(path)
        let suffix = name.split(separator: "/").last.flatMap { $0.contains(".") ? $0.split(separator: ".").last : nil }
        let kind = suffix.map { ".\($0.lowercased()) files have" } ?? "the file has"
        return "\(kind) no tag AudioWave writes BPM and key into (it writes ID3v2 in MP3, Vorbis comments in FLAC, "
            + "Ogg Vorbis and Opus, MP4 atoms in M4A)"
    }
}

extension TagsReport {
    /// A section written with `options` (its dry run, notation and threshold).
    fileprivate init(
        _ status: Status, _ options: TagWriteOptions, format: TagFormat? = nil, fields: [TagFieldReport] = [],
        reason: String? = nil
    ) {
        self.init(
            status: status, dryRun: options.dryRun, format: format, keyNotation: options.keyNotation,
            minConfidence: options.minConfidence, fields: fields, reason: reason)
    }
}
