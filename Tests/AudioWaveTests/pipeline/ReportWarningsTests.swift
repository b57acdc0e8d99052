import Foundation
import Testing

@testable import AudioWave

@Suite("post-processing warnings reach the report")
struct ReportWarningsTests {
    @Test("the consistency checks' remarks are in the report, and a clean file has none")
    func warnings() async throws {
        var state = TrackState()
        state.warnings = ["excerpt key A minor differs from full-track C major"]
        let content = ReportContent(state: state, units: [], analyses: [])
        #expect(content.warnings == state.warnings)

        let report = await (try AudioAnalyzer()).analyze(
            samples: clickTrack(bpm: 120, seconds: 8, sampleRate: 22050), sampleRate: 22050, name: "clicks")
        #expect(report.warnings == [])
        let line = try #require(String(data: ReportJSON.encodeLine(report), encoding: .utf8))
        #expect(line.contains(#""warnings":[]"#))
    }
}
