import Foundation
import Logging
import MetricsTestKit
import Testing

@testable import AudioWave

/// A swift-log handler that keeps every message (for tests; no global bootstrap).
final class CapturingLogHandler: LogHandler, @unchecked Sendable {
    struct Entry {
        var level: Logger.Level
        var message: String
        var metadata: Logger.Metadata
    }

    private let lock = NSLock()
    private var stored: [Entry] = []
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    var entries: [Entry] { lock.withLock { stored } }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        lock.withLock {
            stored.append(Entry(level: event.level, message: "\(event.message)", metadata: event.metadata ?? [:]))
        }
    }
}

/// What `AudioAnalyzer` tells swift-log and swift-metrics (issue 15, item 6).
@Suite("analyzer logging and metrics")
struct TelemetryTests {
    @Test("files, failures by code, early exits, stage timers, audio seconds and bytes reach the metrics factory")
    func metrics() async throws {
        let metrics = TestMetrics()
        let handler = CapturingLogHandler()
        let analyzer = try AudioAnalyzer(
            configuration: AnalysisConfiguration(analyses: [.tempo, .key]),
            logger: Logger(label: "test") { _ in handler }, metrics: metrics)
        let items = [
            AnalysisItem(path: TestAudio.fixture("tempo/click_120bpm.wav")),
            AnalysisItem(path: TestAudio.fixture("key/chords_c_major_120bpm.wav")),
            AnalysisItem(path: TestAudio.fixture("bad/empty.wav")),
        ]
        var reports: [AnalysisReport] = []
        await analyzer.analyze(items) { reports.append($0) }
        let single = await analyzer.analyze(path: TestAudio.fixture("bad/not_audio.wav"))
        reports.append(single)
        // A file cut short is partial: its error is logged with the file, but it is not a failure.
        let cut = await analyzer.analyze(path: TestAudio.fixture("bad/truncated.wav"))
        #expect(cut.status == .partial && cut.error?.code == .truncated)
        reports.append(cut)

        #expect(metrics.counterTotal(label: "audiowave_files_total") == 5)
        #expect(metrics.counterTotal(label: "audiowave_files_total", dimensions: [("status", "partial")]) == 1)
        #expect(metrics.counterTotal(label: "audiowave_files_failed_total", dimensions: [("code", "truncated")]) == 0)
        let failed = reports.filter { $0.status == .failed }
        #expect(metrics.counterTotal(label: "audiowave_files_total", dimensions: [("status", "failed")]) == 2)
        for report in failed {
            let code = try #require(report.error?.code.rawValue)
            #expect(metrics.counterTotal(label: "audiowave_files_failed_total", dimensions: [("code", code)]) >= 1)
        }
        let earlyExits = reports.filter { $0.earlyExit != nil }.count
        #expect(Int(metrics.counterTotal(label: "audiowave_early_exits_total")) == earlyExits)
        let preparation = try metrics.expectTimer("audiowave_stage_duration_seconds", [("stage", "preparation")])
        #expect(preparation.values.count >= 2)
        let bytes = reports.compactMap { $0.source?.sizeBytes }.reduce(0, +)
        #expect(metrics.counterTotal(label: "audiowave_decoded_bytes_total") == bytes)

        // Logs: one debug line per analysed file, one info line per failure with its code.
        let failures = handler.entries.filter { $0.level == .info && $0.message == "analysis failed" }
        #expect(failures.count == 2)
        #expect(
            Set(failures.compactMap { $0.metadata["code"].map { "\($0)" } })
                == Set(failed.compactMap { $0.error?.code.rawValue }))
        let analysed = handler.entries.filter { $0.level == .debug && $0.message == "analysed" }
        #expect(analysed.count == 3)
        #expect(analysed.contains { $0.metadata["status"] == "partial" && $0.metadata["code"] == "truncated" })
        #expect(!handler.entries.contains { $0.level >= .warning })
    }
}
