import Foundation
import Testing

@testable import AudioWave
@testable import AudioWaveReport

@Suite("AnalysisReport encoding")
struct AnalysisReportTests {
    @Test("every sample report validates against docs/report.schema.json", arguments: SampleReports.names)
    func samplesValidate(name: String) throws {
        let report = try #require(SampleReports.named[name])
        let validator = try SchemaValidator.reportSchema()
        let json = try JSONValue.parse(ReportJSON.encodeLine(report))
        #expect(validator.errors(in: json) == [])
    }

    @Test("a report round-trips through JSON unchanged", arguments: SampleReports.names)
    func roundTrip(name: String) throws {
        let report = try #require(SampleReports.named[name])
        let decoded = try ReportJSON.decodeReport(from: ReportJSON.encodeLine(report))
        #expect(decoded == report)
    }

    @Test("absent sections are written as explicit null, not omitted")
    func explicitNulls() throws {
        let json = try JSONValue.parse(ReportJSON.encodeLine(SampleReports.notFound))
        for key in ["tempo", "key", "loudness", "features", "early_exit", "file", "source", "quality", "absolute_path"]
        {
            #expect(json[key] == .null, "\(key)")
        }
        #expect(json["error"]?["stage"] == .null)
        let silent = try JSONValue.parse(ReportJSON.encodeLine(SampleReports.silent))
        #expect(silent["loudness"]?["integrated_lufs"] == .null)
        #expect(silent["tempo_unavailable_reason"] == .string("silent"))
    }

    @Test("the top-level keys are exactly the schema's properties, in snake_case")
    func keysMatchSchema() throws {
        let schema = try SchemaValidator.reportSchema().root
        let json = try JSONValue.parse(ReportJSON.encodeLine(SampleReports.full))
        #expect(json.keys == schema["properties"]?.keys)
        #expect(json.keys.contains("config_hash") && json.keys.contains("schema_version"))
        #expect(json["features"]?.keys.contains("zero_crossing_rate") == true)
        #expect(json["key"]?["open_key"] == .string("1m"))
        #expect(json["source"]?["mtime_ns"] == .integer(123_456_789))
    }

    @Test("keys are written in sorted order, so equal reports give byte-identical lines")
    func sortedKeys() throws {
        let line = try #require(String(data: ReportJSON.encodeLine(SampleReports.full), encoding: .utf8))
        let analysis = try #require(line.range(of: "\"absolute_path\""))
        let version = try #require(line.range(of: "\"schema_version\""))
        #expect(analysis.lowerBound < version.lowerBound)
        #expect(
            line.hasPrefix(
                "{\"absolute_path\":null,\"analyses\":[\"tempo\",\"key\",\"loudness\",\"features\",\"descriptors\"],\"analysis_scope\":\"full\","
            ))
        #expect(try ReportJSON.encodeLine(SampleReports.full) == ReportJSON.encodeLine(SampleReports.full))
        #expect(!line.contains("\n"))
    }

    @Test("the report records the analyzer and schema versions")
    func versions() {
        #expect(SampleReports.full.analyzerVersion == AudioWaveVersion.analyzer)
        #expect(SampleReports.full.schemaVersion == AnalysisReport.currentSchemaVersion)
    }

    @Test("a non-finite number cannot be encoded")
    func nonFiniteThrows() {
        var report = SampleReports.full
        report.quality = .nan
        #expect(throws: EncodingError.self) { try ReportJSON.encodeLine(report) }
    }

    @Test("every documented error code is in the schema's error enum")
    func errorCodesInSchema() throws {
        let schema = try SchemaValidator.reportSchema().root
        guard case .array(let codes) = schema["$defs"]?["error"]?["properties"]?["code"]?["enum"] else {
            Issue.record("no error code enum in the schema")
            return
        }
        #expect(Set(codes.compactMap(\.stringValue)) == Set(ReportErrorCode.allCases.map(\.rawValue)))
    }
}

@Suite("ReportError from AudioError")
struct ReportErrorMappingTests {
    @Test("every decoding error code maps to a documented report code")
    func mapsEveryCode() {
        for code in AudioError.Code.allCases {
            let mapped = ReportErrorCode(code)
            #expect(ReportErrorCode.allCases.contains(mapped))
            let same = ReportErrorCode(rawValue: code.rawValue)
            if same.isDocumented { #expect(mapped == same) }
        }
        #expect(ReportErrorCode(AudioError.Code.resamplingFailed) == .internal)
    }

    @Test("the message names the file by its relative path, not the absolute one")
    func relativeMessage() {
        let error = AudioError(.truncated, path: "/home/me/music/take3.wav", reason: "header says 441000 frames")
        let report = ReportError(error, stage: "preparation", relativePath: "take3.wav")
        #expect(report.code == .truncated)
        #expect(report.message == "take3.wav: truncated: header says 441000 frames")
        #expect(report.stage == "preparation")
    }
}
