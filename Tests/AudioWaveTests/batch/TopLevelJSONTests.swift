import Foundation
import Testing

@testable import AudioWave
@testable import AudioWaveBatch

@Suite("TopLevelJSON")
struct TopLevelJSONTests {
    private func members(_ text: String, _ keys: Set<String> = ["a", "b"]) -> [String: String]? {
        TopLevelJSON.members(keys, in: Data(text.utf8))?.mapValues { String(decoding: $0, as: UTF8.self) }
    }

    @Test("requested top-level members come back as raw JSON, nested values skipped")
    func picksMembers() {
        let text =
            #"{"x":{"a":"nested","b":[1,{"c":"}]"}]},"a":"top \"quoted\" }","b":{"s":1},"n":-1.5e3,"t":true,"z":null}"#
        #expect(members(text) == ["a": #""top \"quoted\" }""#, "b": #"{"s":1}"#])
    }

    @Test("whitespace around tokens is allowed and an empty object has no members")
    func whitespace() {
        #expect(members(" { \"a\" : 1 ,\n \"b\" :[ ] } ") == ["a": "1", "b": "[ ]"])
        #expect(members("{}") == [:])
    }

    @Test(
        "anything but one complete object is refused",
        arguments: [
            #"{"a":1,"b":{"c":[1,2"#, #"{"a":"unterminated"#, #"{"a":1}{"b":2}"#, #"{"a":1} x"#, #"[1,2]"#,
            #"{"a":}"#, #"{"a":1,}"#, #"{"a":[1}"#, "", #"{"a""#,
        ])
    func refuses(text: String) {
        #expect(members(text) == nil)
    }

    @Test("a record's identity decodes from a full report line and not from a torn one")
    func identity() throws {
        let line = try ReportJSON.encodeLine(SampleReports.full)
        let identity = try #require(ReportIdentity.decode(line))
        #expect(identity.relativePath == SampleReports.full.relativePath)
        #expect(identity.source == SampleReports.full.source)
        #expect(identity.configHash == SampleReports.configHash)
        #expect(ReportIdentity.decode(line.dropLast(1)) == nil)
        #expect(ReportIdentity.decode(Data(#"{"relative_path":"a.wav"}"#.utf8)) == nil)
    }
}
