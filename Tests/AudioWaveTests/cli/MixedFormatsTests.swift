import Foundation
import Testing

/// A music folder as users have them (issue 15): every format either decoder reads gets a report.
@Suite("audiowave analyze over a folder of mixed formats")
struct MixedFormatsTests {
    @Test("every audio file gets a record naming its decoder; unreadable ones fail with both decoders' reasons")
    func mixedFolder() throws {
        let formats = ["wav", "flac", "ogg", "mp3", "aiff"].map { "formats/song_d_major_120bpm.\($0)" }
        let encoded = EncodedFixture.all.map { "ffmpeg/" + $0.name }
        let input = try CLIRunner.fixtureFolder(formats + encoded)
        defer { try? FileManager.default.removeItem(at: input.deletingLastPathComponent()) }
        try FileManager.default.createDirectory(
            at: input.appendingPathComponent("bad"), withIntermediateDirectories: true)
        try Data("not audio at all\n".utf8).write(to: input.appendingPathComponent("bad/garbage.m4a"))
        try Data(repeating: 0x5A, count: 5000).write(to: input.appendingPathComponent("bad/noise.wma"))
        try Data([0xFF, 0xD8, 0xFF, 0xE0]).write(to: input.appendingPathComponent("cover.jpg"))
        let jsonl = input.deletingLastPathComponent().appendingPathComponent("out.jsonl")
        let output = try CLIRunner.run(
            ["analyze", input.path, "--jsonl", jsonl.path, "--only", "tempo,key", "--no-progress"])
        #expect(output.status == 1, "two files are broken on purpose: \(output.stderr)")
        let records = try CLIRunner.records(inJSONL: jsonl)
        let byPath = Dictionary(
            records.map { ($0["relative_path"] as? String ?? "?", $0) }, uniquingKeysWith: { first, _ in first })
        #expect(records.count == formats.count + encoded.count + 2)
        #expect(byPath["cover.jpg"] == nil, "not an audio extension: not analysed")
        for path in formats + encoded {
            let record = try #require(byPath[path], "no record for \(path)")
            #expect(record["status"] as? String == "ok", "\(path): \(String(describing: record["error"]))")
            let decoder = (record["file"] as? [String: Any])?["decoder"] as? String
            let expected = path.hasPrefix("formats/") || path.hasSuffix(".opus") ? "libsndfile" : "ffmpeg"
            #expect(decoder == expected, "\(path)")
            #expect((record["key"] as? [String: Any])?["name"] as? String == "D major", "\(path)")
        }
        for path in ["bad/garbage.m4a", "bad/noise.wma"] {
            let error = byPath[path]?["error"] as? [String: Any]
            #expect(error?["code"] as? String == "unsupported_format", "\(path)")
            let message = error?["message"] as? String ?? ""
            #expect(message.hasPrefix(path) && message.contains("neither decoder reads it (libsndfile: "), "\(message)")
        }
        #expect(output.stderr.contains("ok 13") && output.stderr.contains("failed 2"), "\(output.stderr)")
        // Files not named like audio are not analysed, but not in silence either.
        #expect(output.stderr.contains("audiowave: 1 file in the folders not analysed, not named like audio (1 .jpg)"))
    }

    @Test("an M4A piped into analyze - is probed by FFmpeg from its content")
    func standardInput() throws {
        let result = try StandardInputTests.run(
            input: TestAudio.fixture("ffmpeg/song_d_major_120bpm_aac.m4a"),
            ["--only", "tempo,key", "--no-progress", "--jsonl", "-"])
        #expect(result.status == 0, "\(result.stderr)")
        let line = result.stdout.split(separator: "\n").first ?? ""
        let report = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        #expect((report?["file"] as? [String: Any])?["decoder"] as? String == "ffmpeg")
        #expect((report?["key"] as? [String: Any])?["name"] as? String == "D major")
    }
}
