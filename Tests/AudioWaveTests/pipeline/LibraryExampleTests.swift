import AudioWave
import Foundation
import Testing

// The example of docs/library.md, compiled and run as written (only `store` and `log` are defined here).

private func store(_ data: Data) throws { #expect(!data.isEmpty) }
private func log(_ message: String) { #expect(!message.isEmpty) }

func ingest(paths: [String]) async throws {
    var configuration = AnalysisConfiguration()  // the CLI's defaults
    configuration.engine.maxItemsInFlight = 4  // files analysed at once
    configuration.engine.totalTimeoutSeconds = 120  // one pathological file cannot stall the batch
    let analyzer = try AudioAnalyzer(configuration: configuration)

    // One file: the report the CLI writes, as a value.
    let report = await analyzer.analyze(path: paths[0])
    if report.status == .failed {
        print("skip \(report.relativePath): \(report.error?.code.rawValue ?? "?")")
    } else {
        print(report.tempo?.bpm ?? 0, report.key?.camelot ?? "-", report.loudness?.integratedLUFS ?? 0)
    }

    // Samples already decoded by the service (mono, any rate).
    let samples = [Float](repeating: 0, count: 44_100)
    let silent = await analyzer.analyze(samples: samples, sampleRate: 44_100, name: "upload-42")
    assert(silent.isSilent)

    // Many files: reports arrive as each finishes. Leaving the loop early (or throwing) cancels the
    // batch and waits for it; at most `bufferSize` reports wait unread (a slow reader holds it back).
    let items = paths.map { AnalysisItem(path: $0) }
    let streamed = try await analyzer.reports(for: items) { reports in
        for await report in reports {
            try store(ReportJSON.encodeLine(report))
        }
    }
    print(streamed.statistics.succeeded, "ok of", streamed.statistics.total, streamed.stopReason?.message ?? "")

    // Or with engine events (JSON-encodable) and a summary at the end.
    let summary = await analyzer.analyze(items, onEvent: { event in log(event.type.rawValue) }) { report in
        print(report.relativePath, report.status.rawValue)
    }
    print(summary.statistics.succeeded, "ok of", summary.statistics.total)
}

@Suite("docs/library.md")
struct LibraryExampleTests {
    @Test("the documented example compiles and runs on the fixtures")
    func example() async throws {
        try await ingest(paths: [TestAudio.fixture("tempo/click_120bpm.wav"), TestAudio.fixture("bad/empty.wav")])
    }
}
