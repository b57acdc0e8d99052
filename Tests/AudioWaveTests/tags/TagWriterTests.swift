import Foundation
import Testing

@testable import AudioWave

/// `TagWriter` on copies of a file in every tag format: what it writes, what TagLib and independent readers read
/// back, and that the audio stays bit-identical.
@Suite("writing BPM and key into tags")
struct TagWriterTests {
    @Test("BPM and key round-trip through TagLib in every tag format", arguments: TagTestFiles.all)
    func roundTrip(sample: TagTestFiles.Sample) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try TagTestFiles.copy(sample.source, named: sample.name, into: directory)
        let tags = try TagWriter.write(report: TagTestFiles.report(), to: path, options: TagWriteOptions())
        #expect(tags.status == .written && tags.format == sample.format && !tags.dryRun)
        #expect(tags.fields.map(\.field) == [.bpm, .key])
        #expect(tags.fields.map(\.action) == [.written, .written])
        #expect(tags.fields.map(\.value) == ["128", "F#m"], "127.6 BPM is written rounded")
        #expect(tags.fields.map(\.previous) == [sample.previousBPM, nil])
        #expect(
            tags.fields.map(\.tag) == [
                TagField.bpm.tagName(in: sample.format), TagField.key.tagName(in: sample.format),
            ])
        let back = try TagTestFiles.readBack(path)
        #expect(back.bpm == "128" && back.key == "F#m")
    }

    @Test(
        "ffprobe reads what was written, and the other tags are kept",
        .enabled(if: IndependentTagReader.ffprobe != nil, "ffprobe is not installed"), arguments: TagTestFiles.all)
    func independentReader(sample: TagTestFiles.Sample) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try TagTestFiles.copy(sample.source, named: sample.name, into: directory)
        _ = try TagWriter.write(
            report: TagTestFiles.report(), to: path, options: TagWriteOptions(keyNotation: .camelot))
        let tags = try IndependentTagReader.ffprobeTags(path)
        switch sample.format {
        case .id3v2:
            #expect(tags["TBPM"] == "128" && tags["TKEY"] == "11A", "\(tags)")
        case .vorbisComment:
            #expect(tags["BPM"] == "128" && tags["INITIALKEY"] == "11A", "\(tags)")
        default:
            // FFmpeg reads MP4 freeform atoms but not `tmpo`: the atom's bytes are read instead.
            #expect(tags["INITIALKEY"] == "11A", "\(tags)")
            #expect(IndependentTagReader.mp4Tempo(try Data(contentsOf: URL(fileURLWithPath: path))) == 128)
        }
        if let kept = sample.kept { #expect(tags[kept.key] == kept.value, "\(tags)") }
    }

    @Test(
        "mutagen reads TBPM/TKEY, BPM/INITIALKEY, tmpo and the initialkey freeform atom",
        .enabled(if: IndependentTagReader.hasMutagen, "python3 with mutagen is not installed"),
        arguments: TagTestFiles.all)
    func mutagen(sample: TagTestFiles.Sample) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try TagTestFiles.copy(sample.source, named: sample.name, into: directory)
        _ = try TagWriter.write(
            report: TagTestFiles.report(), to: path, options: TagWriteOptions(keyNotation: .openKey))
        let tags = try IndependentTagReader.mutagenTags(path)
        switch sample.format {
        case .id3v2: #expect(tags["TBPM"] == ["128"] && tags["TKEY"] == ["4m"], "\(tags)")
        case .vorbisComment: #expect(tags["bpm"] == ["128"] && tags["initialkey"] == ["4m"], "\(tags)")
        default: #expect(tags["tmpo"] == ["128"] && tags["----:com.apple.iTunes:initialkey"] == ["4m"], "\(tags)")
        }
    }

    @Test("the audio decodes to the same samples after tags were written", arguments: TagTestFiles.all)
    func audioUntouched(sample: TagTestFiles.Sample) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try TagTestFiles.copy(sample.source, named: sample.name, into: directory)
        let sizeBefore = try Data(contentsOf: URL(fileURLWithPath: path)).count
        if sample.format == .mp4 {
            // libsndfile reads no MP4: the mdat box, which holds the AAC frames, is compared byte for byte.
            let before = IndependentTagReader.mp4MediaData(try Data(contentsOf: URL(fileURLWithPath: path)))
            _ = try TagWriter.write(report: TagTestFiles.report(), to: path, options: TagWriteOptions())
            let after = IndependentTagReader.mp4MediaData(try Data(contentsOf: URL(fileURLWithPath: path)))
            #expect(before != nil && before == after)
        } else {
            let before = try TagTestFiles.decodedSamples(path)
            _ = try TagWriter.write(report: TagTestFiles.report(), to: path, options: TagWriteOptions())
            let after = try TagTestFiles.decodedSamples(path)
            #expect(!before.isEmpty && before == after)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)).count != sizeBefore, "the tags were written")
    }

    @Test(
        "FFmpeg's stream copy of the audio packets is bit-identical after tags were written",
        .enabled(if: IndependentTagReader.ffmpeg != nil, "ffmpeg is not installed"), arguments: TagTestFiles.all)
    func audioPacketsUntouched(sample: TagTestFiles.Sample) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try TagTestFiles.copy(sample.source, named: sample.name, into: directory)
        let before = try IndependentTagReader.audioPacketsMD5(path)
        _ = try TagWriter.write(report: TagTestFiles.report(), to: path, options: TagWriteOptions())
        let after = try IndependentTagReader.audioPacketsMD5(path)
        #expect(before.hasPrefix("MD5=") && after == before)
    }

    @Test("files of every format tagged at once, from concurrent tasks, all read back right")
    func concurrent() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var paths: [String] = []
        for round in 0..<4 {
            for sample in TagTestFiles.all {
                paths.append(try TagTestFiles.copy(sample.source, named: "\(round)-\(sample.name)", into: directory))
            }
        }
        let statuses = await withTaskGroup(of: TagsReport.Status?.self) { group in
            for path in paths {
                group.addTask {
                    try? TagWriter.write(report: TagTestFiles.report(), to: path, options: TagWriteOptions()).status
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(statuses.count == paths.count && statuses.allSatisfy { $0 == .written })
        for path in paths { #expect(try TagTestFiles.readBack(path) == ("128", "F#m"), "\(path)") }
    }

    @Test("an ID3v2.3 tag stays 2.3, a new ID3v2 tag is 2.4")
    func id3Version() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        for (sample, version) in [(TagTestFiles.mp3v23, UInt8(3)), (TagTestFiles.mp3, UInt8(4))] {
            let path = try TagTestFiles.copy(sample.source, named: sample.name, into: directory)
            _ = try TagWriter.write(report: TagTestFiles.report(), to: path, options: TagWriteOptions())
            let header = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)).prefix(4))
            #expect(header == Array("ID3".utf8) + [version], "\(sample.name)")
        }
    }

    @Test(
        "the key is written in the notation asked for",
        arguments: [(KeyNotation.standard, "F#m"), (.camelot, "11A"), (.openKey, "4m")])
    func notation(notation: KeyNotation, expected: String) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        for sample in [TagTestFiles.mp3, TagTestFiles.flac, TagTestFiles.m4a] {
            let path = try TagTestFiles.copy(sample.source, named: sample.name, into: directory)
            let tags = try TagWriter.write(
                report: TagTestFiles.report(), to: path, options: TagWriteOptions(keyNotation: notation))
            #expect(tags.keyNotation == notation && tags.fields.last?.value == expected)
            #expect(try TagTestFiles.readBack(path).key == expected, "\(sample.name)")
            try FileManager.default.removeItem(atPath: path)
        }
    }

    @Test("a field below the confidence threshold is left as it is; the other is written")
    func threshold() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try TagTestFiles.copy(TagTestFiles.mp3v23.source, named: "v23.mp3", into: directory)
        let report = TagTestFiles.report(tempoConfidence: 0.49, keyConfidence: 0.5)
        let tags = try TagWriter.write(report: report, to: path, options: TagWriteOptions())
        #expect(tags.status == .written)
        #expect(tags.fields.map(\.action) == [.belowThreshold, .written], "0.5 reaches a 0.5 threshold")
        #expect(tags.fields[0].value == "128" && tags.fields[0].confidence == 0.49)
        #expect(try TagTestFiles.readBack(path) == ("119", "F#m"), "the earlier TBPM stays")
    }

    @Test("a dry run reads the tags, says old → new, and leaves the file byte-identical", arguments: TagTestFiles.all)
    func dryRun(sample: TagTestFiles.Sample) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try TagTestFiles.copy(sample.source, named: sample.name, into: directory)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let tags = try TagWriter.write(report: TagTestFiles.report(), to: path, options: TagWriteOptions(dryRun: true))
        #expect(tags.status == .wouldWrite && tags.dryRun && tags.reason == nil)
        #expect(tags.fields.map(\.action) == [.wouldWrite, .wouldWrite])
        #expect(tags.fields.map(\.previous) == [sample.previousBPM, nil])
        #expect(tags.fields.map(\.value) == ["128", "F#m"])
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test("writing the same values again changes nothing, not even the file's modification time")
    func unchanged() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try TagTestFiles.copy(TagTestFiles.flac.source, named: "song.flac", into: directory)
        _ = try TagWriter.write(report: TagTestFiles.report(), to: path, options: TagWriteOptions())
        let written = try FileManager.default.attributesOfItem(atPath: path)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let tags = try TagWriter.write(report: TagTestFiles.report(), to: path, options: TagWriteOptions())
        #expect(tags.status == .unchanged && tags.fields.map(\.action) == [.unchanged, .unchanged])
        #expect(tags.fields.map(\.previous) == ["128", "F#m"])
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes)
        let now = try FileManager.default.attributesOfItem(atPath: path)
        #expect(now[.modificationDate] as? Date == written[.modificationDate] as? Date)
    }

    @Test("a report that is not ok is skipped without opening the file", arguments: [ReportStatus.partial, .failed])
    func skipped(status: ReportStatus) throws {
        let tags = try TagWriter.write(
            report: TagTestFiles.report(status: status), to: "/nonexistent/song.mp3", options: TagWriteOptions())
        #expect(tags.status == .skipped && tags.fields.isEmpty && tags.format == nil)
        #expect(tags.reason == "the analysis did not succeed (status \(status.rawValue))")
    }

    @Test(
        "WAV and AIFF are unsupported: named, and left byte-identical",
        arguments: ["formats/song_d_major_120bpm.wav", "formats/song_d_major_120bpm.aiff"])
    func unsupported(fixture: String) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let name = URL(fileURLWithPath: fixture).lastPathComponent
        let path = try TagTestFiles.copy(TestAudio.fixture(fixture), named: name, into: directory)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let tags = try TagWriter.write(report: TagTestFiles.report(), to: path, options: TagWriteOptions())
        #expect(tags.status == .unsupported && tags.format == nil && tags.fields.isEmpty)
        let suffix = URL(fileURLWithPath: fixture).pathExtension
        #expect(tags.reason?.hasPrefix(".\(suffix) files have no tag AudioWave writes BPM and key into") == true)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test("a file TagLib has no type for is unsupported; a damaged file of a known type is unreadable")
    func unknownAndDamaged() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let unknown = try directory.write("not audio", to: "notes.xyz").path
        let tags = try TagWriter.write(report: TagTestFiles.report(), to: unknown, options: TagWriteOptions())
        #expect(tags.status == .unsupported && tags.reason?.hasPrefix(".xyz files have no tag") == true)
        let damaged = try directory.write("not audio", to: "damaged.m4a").path
        #expect {
            try TagWriter.write(report: TagTestFiles.report(), to: damaged, options: TagWriteOptions())
        } throws: { error in
            (error as? TagError)?.code == .unreadable
        }
    }

    @Test("a missing file is a typed not_found error; tagged(_:at:options:) records it as failed")
    func notFound() throws {
        let path = "/nonexistent/song.mp3"
        #expect(throws: TagError(.notFound, path: path, reason: "No such file or directory")) {
            try TagWriter.write(report: TagTestFiles.report(), to: path, options: TagWriteOptions())
        }
        let tagged = TagWriter.tagged(TagTestFiles.report(), at: path, options: TagWriteOptions())
        #expect(tagged.tags?.status == .failed && tagged.tags?.errorCode == .notFound)
        #expect(tagged.tags?.reason == "No such file or directory")
    }

    @Test("a file that changed since its analysis is not written (changed)")
    func changedSinceAnalysis() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try TagTestFiles.copy(TagTestFiles.mp3.source, named: "song.mp3", into: directory)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let stale = SourceFacts(sizeBytes: Int64(before.count) - 1, mtimeSeconds: 5, mtimeNanoseconds: 0)
        #expect {
            try TagWriter.write(report: TagTestFiles.report(source: stale), to: path, options: TagWriteOptions())
        } throws: { error in
            (error as? TagError)?.code == .changed
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test("after a write the report's source facts describe the tagged file, so that --resume recognises it")
    func sourceFactsFollowTheWrite() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try TagTestFiles.copy(TagTestFiles.ogg.source, named: "song.ogg", into: directory)
        let facts = try SourceFacts.current(atPath: path)
        let tagged = TagWriter.tagged(TagTestFiles.report(source: facts), at: path, options: TagWriteOptions())
        #expect(tagged.tags?.status == .written)
        #expect(tagged.source == (try SourceFacts.current(atPath: path)) && tagged.source != facts)
        // The same report, tagged again, finds its source as it is now: unchanged, not `changed`.
        #expect(TagWriter.tagged(tagged, at: path, options: TagWriteOptions()).tags?.status == .unchanged)
    }

    @Test(
        "a read-only file is a typed read_only error, nothing is written, and the fields say not_written",
        .enabled(
            if: TagTestFiles.permissionsHold, "root writes read-only files (the CLI test drops that capability)"))
    func readOnly() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try TagTestFiles.copy(TagTestFiles.flac.source, named: "song.flac", into: directory)
        chmod(path, 0o444)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let tagged = TagWriter.tagged(TagTestFiles.report(), at: path, options: TagWriteOptions())
        #expect(tagged.tags?.status == .failed && tagged.tags?.errorCode == .readOnly)
        #expect(tagged.tags?.fields.map(\.action) == [.notWritten, .notWritten])
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        let dry = try TagWriter.write(report: TagTestFiles.report(), to: path, options: TagWriteOptions(dryRun: true))
        #expect(dry.status == .wouldWrite && dry.reason == "the file is read-only: writing it would fail")
    }
}
