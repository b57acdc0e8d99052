import Foundation
import Testing

@testable import AudioWave
@testable import audiowave

@Suite("audiowave analyze --events")
struct EventLogTests {
    @Test("events are JSON lines with ISO 8601 timestamps, as docs/engine.md says")
    func isoTimestamps() async throws {
        let events = try TestAudio.temporaryDirectory().appendingPathComponent("events.jsonl")
        let status = try await analyzeInProcess([
            "fixtures/tempo/click_120bpm.wav", "--events", events.path, "--jsonl",
            events.deletingLastPathComponent().appendingPathComponent("r.jsonl").path,
        ])
        #expect(status == 0)
        let lines = try String(contentsOf: events, encoding: .utf8).split(separator: "\n")
        #expect(lines.count > 5)
        for line in lines {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let timestamp = try #require(object["timestamp"] as? String, "\(line)")
            #expect(timestamp.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/) != nil, "\(timestamp)")
        }
    }

    @Test(
        "a device is written to, never replaced, and a failed write is reported in the exit status",
        .enabled(if: FileManager.default.fileExists(atPath: "/dev/full")))
    func fullDevice() async throws {
        let jsonl = try TestAudio.temporaryDirectory().appendingPathComponent("r.jsonl")
        let status = try await analyzeInProcess([
            "fixtures/tempo/click_120bpm.wav", "--events", "/dev/full", "--jsonl", jsonl.path,
        ])
        #expect(status == 1, "the analysis succeeded but its events were lost")
        let type = try FileManager.default.attributesOfItem(atPath: "/dev/full")[.type] as? FileAttributeType
        #expect(type == .typeCharacterSpecial, "/dev/full is still the device")
    }
}
