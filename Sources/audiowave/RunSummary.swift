import AudioWave
import Foundation
import StageEngine

/// The closing lines of a run, on stderr.
enum RunSummary {
    static func render(
        counts: [ReportStatus: Int], earlyExits: Int, audioSeconds: Double, skipped: Int,
        unscanned: (specialFiles: Int, folders: Int) = (0, 0), notAnalyzed: Int, stopReason: BatchStopReason?,
        wallSeconds: Double, tags: (counts: [TagsReport.Status: Int], dryRun: Bool)? = nil
    ) -> String {
        let (ok, partial, failed) = (counts[.ok] ?? 0, counts[.partial] ?? 0, counts[.failed] ?? 0)
        let files = ok + partial + failed
        var lines = [
            "files: \(files) analyzed (ok \(ok), partial \(partial), failed \(failed)), "
                + "\(earlyExits) early exits, \(skipped) skipped by --resume"
        ]
        if unscanned.specialFiles + unscanned.folders > 0 {
            lines.append(
                "skipped without a record: \(unscanned.specialFiles) path(s) that are not regular files or cannot be "
                    + "examined, \(unscanned.folders) folder(s) that cannot be listed (listed above)")
        }
        if notAnalyzed > 0 { lines.append("not analyzed: \(notAnalyzed) (run again with --resume to finish)") }
        if let stopReason { lines.append("batch stopped: \(stopReason.message)") }
        if let tags, let line = TagMessages.summary(tags.counts, dryRun: tags.dryRun) { lines.append(line) }
        let rate = wallSeconds > 0 ? Double(files) / wallSeconds : 0
        let realtime = wallSeconds > 0 ? audioSeconds / wallSeconds : 0
        lines.append(
            String(
                format: "audio: %.3f h in %.2f s wall (%.1f files/s, %.0f× real time)",
                audioSeconds / 3600, wallSeconds, rate, realtime))
        return lines.joined(separator: "\n") + "\n"
    }
}
