import Foundation
import Testing

@testable import AudioWave
@testable import AudioWaveReport

@Suite("ReportTimestamp: analyzed_at, UTC with milliseconds")
struct ReportTimestampTests {
    @Test(
        "known instants are written and read back exactly",
        arguments: [
            ("2026-12-02T11:25:03.123Z", Int64(1_796_210_703_123)), ("1969-12-31T23:59:59.999Z", -1),
            ("2000-02-29T00:00:00.000Z", 951_782_400_000), ("1970-01-01T00:00:00.000Z", 0),
        ])
    func known(text: String, milliseconds: Int64) {
        #expect(ReportTimestamp.milliseconds(from: text) == milliseconds)
        #expect(ReportTimestamp.string(from: Date(timeIntervalSince1970: Double(milliseconds) / 1000)) == text)
    }

    @Test(
        "anything but the exact layout is not a timestamp",
        arguments: [
            "2026-12-02T11:25:03Z", "2026-12-02 11:25:03.123Z", "2026-13-02T11:25:03.123Z",
            "2026-12-02T11:25:03.123+01:00",
            "", "2026-12-02T11:25:0x.123Z",
        ])
    func refused(text: String) {
        #expect(ReportTimestamp.milliseconds(from: text) == nil)
    }

    @Test("an analysed file's report says when it was analysed")
    func stamped() async throws {
        let before = Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))
        let analyzer = try AudioAnalyzer(configuration: AnalysisConfiguration(analyses: [.loudness]))
        let report = await analyzer.analyze(path: TestAudio.fixture("tempo/click_120bpm.wav"))
        let after = Int64((Date().timeIntervalSince1970 * 1000).rounded(.up))
        let stamp = try #require(report.analyzedAt.flatMap(ReportTimestamp.milliseconds(from:)))
        #expect(stamp >= before && stamp <= after)
    }
}
