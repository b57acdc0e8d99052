import AudioWave  // only this: what a client package writes
import Foundation
import Testing

/// Friction a client package met (issue 15, item 8), as code that must keep compiling and passing.
@Suite("the library as a client package uses it")
@MainActor
struct ClientAPITests {
    /// Reports gathered on the main actor, as an app's view model would.
    final class Collected {
        var names: [String] = []
    }

    @Test("the batch API and reports(for:) can be called from @MainActor code")
    func mainActorBatch() async throws {
        let analyzer = try AudioAnalyzer(configuration: AnalysisConfiguration(analyses: [.tempo]))
        let items = [AnalysisItem(path: TestAudio.fixture("tempo/click_120bpm.wav"))]
        let collected = Collected()
        await analyzer.analyze(items) { report in collected.names.append(report.relativePath) }
        let summary = await analyzer.reports(for: items) { reports in
            for await report in reports { collected.names.append(report.relativePath) }
        }
        #expect(collected.names.count == 2)
        #expect(summary.statistics.finished == 1)
    }

    @Test("configuration errors are caught by type with import AudioWave alone")
    func configurationErrorByType() {
        var configuration = AnalysisConfiguration()
        configuration.engine.maxItemsInFlight = 0
        #expect(throws: ConfigurationError.self) { try AudioAnalyzer(configuration: configuration) }
    }

    @Test("a report whose error code a newer AudioWave added still decodes, keeping the code")
    func unknownErrorCode() throws {
        let json = #"{"code": "quantum_decoherence", "message": "x.wav: quantum_decoherence", "stage": null}"#
        let error = try JSONDecoder().decode(ReportError.self, from: Data(json.utf8))
        #expect(error.code.rawValue == "quantum_decoherence")
        #expect(!error.code.isDocumented && ReportErrorCode.truncated.isDocumented)
        let again = try JSONDecoder().decode(ReportError.self, from: JSONEncoder().encode(error))
        #expect(again == error)
    }

    @Test("tag error codes and tag formats from a newer AudioWave decode too, as plain strings both ways")
    func unknownTagValues() throws {
        let codes = try JSONDecoder().decode([TagErrorCode].self, from: Data(#"["read_only", "locked_by_dj"]"#.utf8))
        #expect(codes == [.readOnly, TagErrorCode(rawValue: "locked_by_dj")])
        #expect(String(decoding: try JSONEncoder().encode(codes), as: UTF8.self) == #"["read_only","locked_by_dj"]"#)
        let formats = try JSONDecoder().decode([TagFormat].self, from: Data(#"["mp4", "ape_v2"]"#.utf8))
        #expect(formats == [.mp4, TagFormat(rawValue: "ape_v2")])
        #expect(String(decoding: try JSONEncoder().encode(formats), as: UTF8.self) == #"["mp4","ape_v2"]"#)
    }
}
