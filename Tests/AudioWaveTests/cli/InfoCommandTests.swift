import Foundation
import Testing

@Suite("audiowave info")
struct InfoCommandTests {
    @Test("a folder is scanned recursively and every file gets a row; broken files make exit status 1")
    func folderTable() throws {
        let output = try CLIRunner.run(["info", "fixtures"])
        #expect(output.status == 1)
        let lines = output.stdout.split(separator: "\n")
        #expect(lines.count == 1 + 29)
        #expect(lines.contains { $0.hasPrefix("fixtures/formats/song_d_major_120bpm.flac") && $0.contains("44100") })
        #expect(lines.contains { $0.hasPrefix("fixtures/bad/truncated.wav") && $0.contains("truncated") })
    }

    @Test("--json prints one object per file with the probe's facts")
    func json() throws {
        let output = try CLIRunner.run(["info", "--json", "fixtures/tempo/click_90bpm.wav", "fixtures/bad/empty.wav"])
        #expect(output.status == 1)
        let objects = try output.stdout.split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] ?? [:]
        }
        #expect(objects.count == 2)
        let properties = objects[0]["properties"] as? [String: Any]
        #expect(properties?["sample_rate"] as? Int == 22050)
        #expect(objects[0]["duration_s"] as? Double == 10)
        let error = objects[1]["error"] as? [String: Any]
        #expect(error?["code"] as? String == "empty")
    }

    @Test("good files alone exit 0")
    func success() throws {
        let output = try CLIRunner.run(["info", "fixtures/tempo"])
        #expect(output.status == 0)
    }
}
