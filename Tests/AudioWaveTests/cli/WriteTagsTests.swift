import Foundation
import Testing

@testable import AudioWave
@testable import AudioWaveTags
@testable import audiowave

/// `audiowave analyze --write-tags`, run as the built binary on copies of the fixtures.
@Suite("audiowave analyze --write-tags")
struct WriteTagsTests {
    /// One file per tag format the decoders read here, a WAV (unsupported) and a broken file (skipped).
    static let batch = [
        "formats/song_d_major_120bpm.mp3", "formats/song_d_major_120bpm.flac", "formats/song_d_major_120bpm.ogg",
        "formats/song_d_major_120bpm.wav", "bad/not_audio.wav",
    ]

    /// Each record's tags section by relative path.
    static func tagSections(_ jsonl: URL) throws -> [String: [String: Any]] {
        var sections: [String: [String: Any]] = [:]
        for record in try CLIRunner.records(inJSONL: jsonl) {
            sections[record["relative_path"] as? String ?? "?"] = record["tags"] as? [String: Any]
        }
        return sections
    }

    static func fileBytes(_ root: URL) throws -> [String: Data] {
        var bytes: [String: Data] = [:]
        for path in batch { bytes[path] = try Data(contentsOf: root.appendingPathComponent(path)) }
        return bytes
    }

    @Test(
        "usage errors exit 2 before any work",
        arguments: [
            (["-", "--write-tags"], "standard input"),
            (["x", "--dry-run"], "--dry-run needs --write-tags"),
            (["x", "--key-notation", "camelot"], "--key-notation needs --write-tags"),
            (["x", "--tag-min-confidence", "0.7"], "--tag-min-confidence needs --write-tags"),
            (["x", "--write-tags", "--tag-min-confidence", "1.5"], "must be in 0...1, got 1.5"),
            (["x", "--write-tags", "--tag-min-confidence", "-0.1"], "must be in 0...1, got -0.1"),
            (["x", "--write-tags", "--key-notation", "open_key"], "open_key"),
        ])
    func usageErrors(arguments: [String], message: String) throws {
        let error = try #require(CommandParsingTests.usageError(AnalyzeCommand.self, arguments), "\(arguments)")
        #expect(error.status == 2)
        #expect(error.message.contains(message), "\(error.message)")
    }

    @Test("the options make the writer's options; open-key is spelt with a hyphen on the command line")
    func options() throws {
        let command = try AnalyzeCommand.parse([
            "x", "--write-tags", "--key-notation", "open-key", "--tag-min-confidence", "0.8", "--dry-run",
        ])
        #expect(command.tags.writeOptions == TagWriteOptions(minConfidence: 0.8, keyNotation: .openKey, dryRun: true))
        #expect(try AnalyzeCommand.parse(["x"]).tags.writeOptions == nil)
        #expect(try AnalyzeCommand.parse(["x", "--write-tags"]).tags.writeOptions == TagWriteOptions())
    }

    @Test("tags are written into MP3, FLAC and Ogg; WAV is unsupported, a broken file skipped; --resume then skips all")
    func writes() throws {
        let input = try CLIRunner.fixtureFolder(Self.batch)
        let base = input.deletingLastPathComponent()
        defer { try? FileManager.default.removeItem(at: base) }
        let jsonl = base.appendingPathComponent("tags.jsonl")
        let csv = base.appendingPathComponent("tags.csv")
        let wav = try Data(contentsOf: input.appendingPathComponent("formats/song_d_major_120bpm.wav"))
        let output = try CLIRunner.run([
            "analyze", input.path, "--write-tags", "--key-notation", "camelot", "--jsonl", jsonl.path, "--csv",
            csv.path, "--no-progress",
        ])
        #expect(output.status == 1, "the broken file fails its analysis: \(output.stderr)")
        #expect(
            output.stderr.contains(
                "tags: 3 written, 0 unchanged, 1 skipped (analysis not ok), 1 unsupported format, 0 failed"),
            "\(output.stderr)")
        let sections = try Self.tagSections(jsonl)
        for name in ["mp3", "flac", "ogg"] {
            let tags = try #require(sections["formats/song_d_major_120bpm.\(name)"], "\(name)")
            #expect(tags["status"] as? String == "written" && tags["key_notation"] as? String == "camelot")
            let fields = tags["fields"] as? [[String: Any]] ?? []
            #expect(fields.map { $0["value"] as? String } == ["120", "10B"], "D major at 120 BPM: \(fields)")
            let path = input.appendingPathComponent("formats/song_d_major_120bpm.\(name)").path
            #expect(try TagTestFiles.readBack(path) == ("120", "10B"), "\(name)")
        }
        #expect(sections["formats/song_d_major_120bpm.wav"]?["status"] as? String == "unsupported")
        #expect(sections["bad/not_audio.wav"]?["status"] as? String == "skipped")
        #expect(try Data(contentsOf: input.appendingPathComponent("formats/song_d_major_120bpm.wav")) == wav)
        let rows = try String(contentsOf: csv, encoding: .utf8).split(separator: "\n")
        #expect(rows.first?.hasSuffix(",tags_status,tags_reason") == true)
        #expect(rows.contains { $0.hasPrefix("formats/song_d_major_120bpm.mp3,ok,") && $0.hasSuffix(",written,") })

        // The records' source facts are the tagged files': a resumed run finds every file done.
        let again = try CLIRunner.run([
            "analyze", input.path, "--write-tags", "--jsonl", jsonl.path, "--resume", "--no-progress",
        ])
        #expect(again.stderr.contains("files: 0 analyzed") && again.stderr.contains("5 skipped by --resume"))
    }

    @Test("M4A files decoded by FFmpeg (AAC and ALAC) get their tmpo and key atoms through the CLI")
    func writesM4A() throws {
        let names = ["ffmpeg/song_d_major_120bpm_aac.m4a", "ffmpeg/song_d_major_120bpm_alac.m4a"]
        let input = try CLIRunner.fixtureFolder(names)
        let base = input.deletingLastPathComponent()
        defer { try? FileManager.default.removeItem(at: base) }
        let jsonl = base.appendingPathComponent("m4a.jsonl")
        let output = try CLIRunner.run([
            "analyze", input.path, "--write-tags", "--tag-min-confidence", "0", "--jsonl", jsonl.path, "--no-progress",
        ])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stderr.contains("tags: 2 written"), "\(output.stderr)")
        let records = try CLIRunner.records(inJSONL: jsonl)
        #expect(records.count == 2)
        for record in records {
            let name = record["relative_path"] as? String ?? "?"
            #expect((record["file"] as? [String: Any])?["decoder"] as? String == "ffmpeg", "\(name)")
            let tags = try #require(record["tags"] as? [String: Any], "\(name)")
            #expect(tags["status"] as? String == "written" && tags["format"] as? String == "mp4", "\(name): \(tags)")
            let values = (tags["fields"] as? [[String: Any]] ?? []).map { $0["value"] as? String }
            let back = try TagTestFiles.readBack(input.appendingPathComponent(name).path)
            #expect(values == [back.bpm, back.key], "\(name): report \(values), file \(back)")
            // A 4-second clip: the estimate is within 1 BPM of 120, so its integer tag may be 121.
            #expect(back.bpm.flatMap { Int($0) }.map { abs($0 - 120) <= 1 } == true, "\(name): \(back)")
        }
    }

    @Test("--dry-run prints old → new per file and leaves every file byte-identical; a high threshold writes nothing")
    func dryRunAndThreshold() throws {
        let input = try CLIRunner.fixtureFolder(Self.batch)
        let base = input.deletingLastPathComponent()
        defer { try? FileManager.default.removeItem(at: base) }
        let before = try Self.fileBytes(input)
        let jsonl = base.appendingPathComponent("dry.jsonl")
        let dry = try CLIRunner.run([
            "analyze", input.path, "--write-tags", "--dry-run", "--jsonl", jsonl.path, "--no-progress",
        ])
        #expect(
            dry.stderr.contains("would tag formats/song_d_major_120bpm.mp3: TBPM (none) → \"120\", TKEY (none) → \"D\"")
        )
        #expect(
            dry.stderr.contains(
                "would tag formats/song_d_major_120bpm.flac: BPM (none) → \"120\", INITIALKEY (none) → \"D\""))
        #expect(dry.stderr.contains("tags (dry run, nothing written): 3 would be written"), "\(dry.stderr)")
        #expect(try Self.tagSections(jsonl)["formats/song_d_major_120bpm.ogg"]?["dry_run"] as? Bool == true)
        #expect(try Self.fileBytes(input) == before)

        let strict = try CLIRunner.run([
            "analyze", input.path, "--write-tags", "--tag-min-confidence", "1", "--jsonl", jsonl.path, "--no-progress",
        ])
        #expect(strict.stderr.contains("tags: 0 written, 3 unchanged"), "\(strict.stderr)")
        let mp3 = try #require(try Self.tagSections(jsonl)["formats/song_d_major_120bpm.mp3"])
        let actions = (mp3["fields"] as? [[String: Any]] ?? []).map { $0["action"] as? String }
        #expect(actions == ["below_threshold", "below_threshold"])
        #expect(try Self.fileBytes(input) == before)
    }

    @Test(
        "a read-only file is named on stderr, recorded failed (read_only) and makes the exit status 1",
        .enabled(
            if: TagTestFiles.permissionsHold || FileManager.default.fileExists(atPath: "/usr/bin/setpriv"),
            "root writes read-only files and setpriv is missing"))
    func readOnly() throws {
        let input = try CLIRunner.fixtureFolder([
            "formats/song_d_major_120bpm.mp3", "formats/song_d_major_120bpm.flac",
        ])
        let base = input.deletingLastPathComponent()
        defer { try? FileManager.default.removeItem(at: base) }
        let locked = input.appendingPathComponent("formats/song_d_major_120bpm.mp3")
        chmod(locked.path, 0o444)
        let before = try Data(contentsOf: locked)
        let jsonl = base.appendingPathComponent("locked.jsonl")
        // Root writes any file: drop the capability that lets it (CAP_DAC_OVERRIDE).
        let launcher = TagTestFiles.permissionsHold ? [] : ["/usr/bin/setpriv", "--bounding-set", "-dac_override"]
        let output = try HostilePathsTests.run(
            launcher, ["analyze", input.path, "--write-tags", "--jsonl", jsonl.path, "--no-progress"])
        #expect(output.status == 1, "\(output.stderr)")
        #expect(
            output.stderr.contains(
                "audiowave: tags not written into formats/song_d_major_120bpm.mp3: read only: "
                    + "the process may not write the file"), "\(output.stderr)")
        #expect(
            output.stderr.contains(
                "tags: 1 written, 0 unchanged, 0 skipped (analysis not ok), 0 unsupported format, 1 failed"))
        let sections = try Self.tagSections(jsonl)
        let mp3 = try #require(sections["formats/song_d_major_120bpm.mp3"])
        #expect(mp3["status"] as? String == "failed" && mp3["error_code"] as? String == "read_only")
        #expect(sections["formats/song_d_major_120bpm.flac"]?["status"] as? String == "written")
        #expect(try Data(contentsOf: locked) == before)
    }
}
