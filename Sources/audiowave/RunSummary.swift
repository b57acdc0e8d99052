import AudioWave
import Foundation
import StageEngine

/// Counts of a run, updated as reports arrive.
final class Tally: @unchecked Sendable {
    private let lock = NSLock()  // guards every field
    private(set) var ok = 0
    private(set) var partial = 0
    private(set) var failed = 0
    private(set) var earlyExits = 0
    private(set) var audioSeconds = 0.0
    private(set) var cancelled = 0

    func addCancelled() {
        lock.lock()
        defer { lock.unlock() }
        cancelled += 1
    }

    func add(_ report: AnalysisReport) {
        lock.lock()
        defer { lock.unlock() }
        switch report.status {
        case .ok: ok += 1
        case .partial: partial += 1
        case .failed: failed += 1
        }
        if report.earlyExit != nil { earlyExits += 1 }
        audioSeconds += report.file?.durationSeconds ?? 0
    }
}

/// The closing lines of a run, on stderr.
enum RunSummary {
    static func render(
        tally: Tally, skipped: Int, unstarted: Int, stopReason: BatchStopReason?, wallSeconds: Double
    ) -> String {
        let files = tally.ok + tally.partial + tally.failed
        var lines = [
            "files: \(files) analyzed (ok \(tally.ok), partial \(tally.partial), failed \(tally.failed)), "
                + "\(tally.earlyExits) early exits, \(skipped) skipped by --resume"
        ]
        if unstarted > 0 { lines.append("not analyzed: \(unstarted) (run again with --resume to finish)") }
        if let stopReason { lines.append("batch stopped: \(stopReason.message)") }
        let rate = wallSeconds > 0 ? Double(files) / wallSeconds : 0
        let realtime = wallSeconds > 0 ? tally.audioSeconds / wallSeconds : 0
        lines.append(String(
            format: "audio: %.3f h in %.2f s wall (%.1f files/s, %.0f× real time)",
            tally.audioSeconds / 3600, wallSeconds, rate, realtime))
        return lines.joined(separator: "\n") + "\n"
    }
}
