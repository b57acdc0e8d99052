import Foundation
import Testing

@testable import AudioWave
@testable import AudioWaveReport

/// The schema check is only worth something if it rejects bad records: these prove it does.
@Suite("Report schema rejects malformed records")
struct SchemaValidatorTests {
    private func errors(after edit: (inout [String: Any]) -> Void) throws -> [String] {
        let data = try ReportJSON.encodeLine(SampleReports.full)
        var object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        edit(&object)
        let edited = try JSONSerialization.data(withJSONObject: object)
        return try SchemaValidator.reportSchema().errors(in: JSONValue.parse(edited))
    }

    @Test("a missing required key is an error")
    func missingKey() throws {
        let found = try errors { $0.removeValue(forKey: "early_exit") }
        #expect(found.contains { $0.contains("missing required early_exit") })
    }

    @Test("an unknown key is an error")
    func extraKey() throws {
        #expect(try errors { $0["bpm"] = 120 }.contains { $0.contains("additional property bpm") })
    }

    @Test("a status outside ok/partial/failed is an error")
    func badStatus() throws {
        #expect(try !errors { $0["status"] = "done" }.isEmpty)
    }

    @Test("an unknown error code is an error")
    func badErrorCode() throws {
        let found = try errors { $0["error"] = ["code": "oops", "message": "x", "stage": NSNull()] }
        #expect(!found.isEmpty)
    }

    @Test("a confidence above 1 is an error")
    func badConfidence() throws {
        let found = try errors { object in
            guard var key = object["key"] as? [String: Any] else { return }
            key["confidence"] = 1.5
            object["key"] = key
        }
        #expect(!found.isEmpty)
    }

    @Test("a Camelot code outside 1A...12B is an error")
    func badCamelot() throws {
        let found = try errors { object in
            guard var key = object["key"] as? [String: Any] else { return }
            key["camelot"] = "13A"
            object["key"] = key
        }
        #expect(!found.isEmpty)
    }

    @Test("an unchanged record has no errors (the edits above are what fail)")
    func unchanged() throws {
        #expect(try errors { _ in } == [])
    }

    @Test("a string where a number belongs is an error")
    func wrongType() throws {
        #expect(try !errors { $0["quality"] = "high" }.isEmpty)
    }

    @Test("the validator refuses schema keywords it does not implement")
    func unknownKeyword() throws {
        let schema = try JSONValue.parse(Data(#"{"type":"object","uniqueItems":true}"#.utf8))
        let found = SchemaValidator(root: schema).errors(in: .object([:]))
        #expect(found.contains { $0.contains("unsupported schema keyword uniqueItems") })
    }
}
