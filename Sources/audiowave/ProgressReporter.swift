import Foundation

/// Renders batch progress on stderr: a redrawn bar on a terminal, plain periodic lines otherwise,
/// nothing when disabled. Thread-safe: the batch loop calls it from one task at a time.
final class ProgressReporter: @unchecked Sendable {
    /// How progress is shown.
    enum Mode {
        case bar, lines, none
    }

    private let mode: Mode
    private let total: Int
    private let start = Date()
    private var lastDraw = Date.distantPast
    private let lineInterval: TimeInterval
    private let lock = NSLock()  // guards the drawing state below
    private var done = 0
    private var failed = 0

    /// A reporter for `total` files; a bar when stderr is a terminal, else a line every `lineInterval` seconds.
    init(total: Int, enabled: Bool, lineInterval: TimeInterval = 5) {
        self.total = total
        self.lineInterval = lineInterval
        if !enabled {
            mode = .none
        } else {
            mode = isatty(STDERR_FILENO) == 1 ? .bar : .lines
        }
    }

    /// Records one finished file and redraws when due.
    func fileFinished(failed isFailure: Bool) {
        lock.lock()
        defer { lock.unlock() }
        done += 1
        if isFailure { failed += 1 }
        let now = Date()
        let interval = mode == .bar ? 0.1 : lineInterval
        guard mode != .none, done == total || now.timeIntervalSince(lastDraw) >= interval else { return }
        lastDraw = now
        draw(now: now)
    }

    /// Ends the bar's line so later output starts on a fresh line.
    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if mode == .bar { StandardError.write("\n") }
    }

    private func draw(now: Date) {
        let elapsed = max(now.timeIntervalSince(start), 1e-3)
        let rate = Double(done) / elapsed
        let remaining = rate > 0 ? Double(total - done) / rate : 0
        let status = String(
            format: "%d/%d files  %.1f files/s  ETA %@  failed %d", done, total, rate, Self.clock(remaining), failed)
        switch mode {
        case .bar:
            let width = 30
            let filled = total > 0 ? width * done / total : width
            let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
            StandardError.write("\r[\(bar)] \(status)\u{1B}[K")
        case .lines:
            StandardError.write("progress: \(status)\n")
        case .none:
            break
        }
    }

    /// `m:ss` or `h:mm:ss`.
    static func clock(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded())
        let (h, m, s) = (whole / 3600, (whole % 3600) / 60, whole % 60)
        return h > 0 ? String(format: "%d:%02d:%02d", h, m, s) : String(format: "%d:%02d", m, s)
    }
}
