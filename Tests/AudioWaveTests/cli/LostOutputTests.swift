import Foundation
import Testing

@testable import AudioWave
@testable import audiowave

@Suite("a record that cannot be written is a failure, never a silent ok")
struct LostOutputTests {
    @Test("--out under a path that is a file: every record is lost, exit 3")
    func outUnderAFile() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let blocker = try directory.write("not a folder", to: "blocker")
        let status = try await analyzeInProcess([
            "fixtures/tempo/click_120bpm.wav", "fixtures/tempo/click_90bpm.wav", "--out", blocker.path,
        ])
        #expect(status == 3)
    }

    @Test(
        "a --jsonl that cannot be opened (a device) fails before any work and is left alone",
        .enabled(if: FileManager.default.fileExists(atPath: "/dev/full")))
    func jsonlOnDevice() throws {
        let command = try AnalyzeCommand.parse([
            "fixtures/tempo/click_120bpm.wav", "--jsonl", "/dev/full", "--no-progress",
        ])
        #expect(throws: (any Error).self) { try BatchPlan(command: command) }
        let type = try FileManager.default.attributesOfItem(atPath: "/dev/full")[.type] as? FileAttributeType
        #expect(type == .typeCharacterSpecial, "/dev/full is still the device")
    }

    @Test("the summary names the lost records and the first reason")
    func summary() {
        let lost = LostRecords()
        #expect(lost.isEmpty && lost.summary() == nil)
        for index in 0..<12 { lost.record("f\(index).wav", CocoaError(.fileWriteOutOfSpace)) }
        let line = lost.summary() ?? ""
        #expect(line.hasPrefix("12 record(s) not written: f0.wav, f1.wav") && line.contains("and 2 more"), "\(line)")
    }
}
