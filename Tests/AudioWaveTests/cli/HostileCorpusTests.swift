import Foundation
import Testing

/// `scripts/make_hostile_corpus.py` builds the corpus and says what each file's record must be; this
/// runs `audiowave analyze` over it and holds the CLI to that.
@Suite("audiowave analyze over the hostile corpus")
struct HostileCorpusTests {
    /// python3 on the PATH, if any.
    static let python3: String? = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        .split(separator: ":").map { "\($0)/python3" }
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    struct Expected: Decodable {
        struct Record: Decodable {
            var status: String
            var codes: [String]
            var message: String?
            var warning: String?
        }
        var records: [String: Record]
        var skipped: [String]
        var exitStatus: Int32

        enum CodingKeys: String, CodingKey {
            case records, skipped
            case exitStatus = "exit_status"
        }
    }

    @Test(
        "every file gets the record the generator expects (status, code, message, warning); skips are named; exit 1",
        .enabled(if: python3 != nil, "the corpus generator needs python3"))
    func corpus() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let out = directory.file("hostile")
        let generator = Process()
        generator.executableURL = URL(fileURLWithPath: Self.python3 ?? "/usr/bin/python3")
        generator.arguments = [
            CLIRunner.packageRoot.appendingPathComponent("scripts/make_hostile_corpus.py").path, out.path,
        ]
        generator.standardOutput = FileHandle.nullDevice
        try generator.run()
        generator.waitUntilExit()
        try #require(generator.terminationStatus == 0, "make_hostile_corpus.py failed")
        let expected = try JSONDecoder().decode(
            Expected.self, from: Data(contentsOf: out.appendingPathComponent("expected.json")))
        #expect(expected.records.count > 50 && !expected.skipped.isEmpty)

        let jsonl = directory.file("records.jsonl")
        // libmpg123 prints hundreds of lines on the random MP3 frames: capture through files, not pipes.
        let output = try HostilePathsTests.run(
            [],
            [
                "analyze", out.appendingPathComponent("corpus").path, "--jsonl", jsonl.path, "--no-progress", "--jobs",
                "2",
            ])
        #expect(output.status == expected.exitStatus, "\(output.stderr.suffix(2000))")

        let validator = try SchemaValidator.reportSchema()
        var seen = Set<String>()
        let lines = try String(contentsOf: jsonl, encoding: .utf8).split(separator: "\n")
        for line in lines {
            let value = try JSONValue.parse(Data(line.utf8))
            #expect(validator.errors(in: value).isEmpty, "\(validator.errors(in: value))")
            let record = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] ?? [:]
            let path = try #require(record["relative_path"] as? String)
            #expect(seen.insert(path).inserted, "\(path) has two records")
            guard let want = expected.records[path] else {
                Issue.record("unexpected record for \(path)")
                continue
            }
            let status = record["status"] as? String
            let error = record["error"] as? [String: Any]
            let code = error?["code"] as? String
            let message = error?["message"] as? String ?? ""
            let warnings = record["warnings"] as? [String] ?? []
            #expect(status == want.status, "\(path): \(status ?? "?") \(message) \(warnings)")
            if want.codes.isEmpty {
                #expect(error == nil, "\(path): \(message)")
            } else {
                #expect(code.map(want.codes.contains) == true, "\(path): \(code ?? "no code"), want \(want.codes)")
                #expect(message.contains(path), "\(path): the message names the file: \(message)")
            }
            if let piece = want.message { #expect(message.contains(piece), "\(path): \(message)") }
            if let piece = want.warning {
                #expect(warnings.contains { $0.contains(piece) }, "\(path): \(warnings)")
            }
            if status == "partial" && error == nil { #expect(!warnings.isEmpty, "\(path): partial without a reason") }
        }
        #expect(
            Set(expected.records.keys).subtracting(seen).isEmpty,
            "no record: \(Set(expected.records.keys).subtracting(seen))")
        for path in expected.skipped {
            #expect(output.stderr.contains("audiowave: \(path): ") && output.stderr.contains("skipped"), "\(path)")
            #expect(!seen.contains(path))
        }
        #expect(output.stderr.contains("skipped without a record: \(expected.skipped.count) path(s)"))
    }
}
