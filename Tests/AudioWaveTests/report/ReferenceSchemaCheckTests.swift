import Foundation
import Testing

@testable import AudioWave
@testable import AudioWaveReport

/// Cross-checks the schema and the sample records with Python's reference `jsonschema`
/// (scripts/check-report-schema.py). Skipped when python3 or jsonschema is not installed.
@Suite("Report schema against the reference validator")
struct ReferenceSchemaCheckTests {
    private static var hasPythonWithJSONSchema: Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import jsonschema"]
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }

    @Test(
        "jsonschema accepts every sample report written as JSONL",
        .enabled(if: hasPythonWithJSONSchema, "python3 with jsonschema is not installed"))
    func referenceValidates() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let writer = try JSONLWriter(url: directory.file("samples.jsonl"))
        for report in SampleReports.all { try await writer.write(report) }
        try await writer.close()
        let (status, output) = try run(directory.file("samples.jsonl"))
        #expect(status == 0, "\(output)")
        #expect(output.contains("\(SampleReports.all.count) records, 0 errors"))
    }

    @Test(
        "jsonschema rejects a record with an unknown error code",
        .enabled(if: hasPythonWithJSONSchema, "python3 with jsonschema is not installed"))
    func referenceRejects() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let line = String(decoding: try ReportJSON.encodeLine(SampleReports.failed), as: UTF8.self)
        try directory.write(line.replacingOccurrences(of: "\"truncated\"", with: "\"oops\"") + "\n", to: "bad.jsonl")
        let (status, _) = try run(directory.file("bad.jsonl"))
        #expect(status == 1)
    }

    private func run(_ file: URL) throws -> (Int32, String) {
        let script = SchemaValidator.packageRoot.appendingPathComponent("scripts/check-report-schema.py")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path, file.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
