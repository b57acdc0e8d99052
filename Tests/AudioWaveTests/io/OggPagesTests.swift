import Foundation
import Testing

@testable import AudioWave
@testable import AudioWaveIO

/// A chained Ogg file (links one after the other) is decoded whole: libsndfile reads only the first link.
@Suite("Ogg pages: chained files, files cut short, bytes after the end")
struct OggPagesTests {
    @Test("one stream is not a chain; the same file twice is")
    func detection() throws {
        for fixture in ["formats/song_d_major_120bpm.ogg", "ffmpeg/song_d_major_120bpm.opus"] {
            #expect(OggPages(try BufferedFile(path: TestAudio.fixture(fixture)))?.isChained == false, "\(fixture)")
        }
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let data = try TestAudio.fixtureData("formats/song_d_major_120bpm.ogg")
        let url = try directory.write((data + data), to: "chained.ogg")
        #expect(OggPages(try BufferedFile(path: url.path))?.isChained == true)
        #expect(OggPages(try BufferedFile(path: TestAudio.fixture("formats/song_d_major_120bpm.wav"))) == nil)
    }

    @Test("every link is decoded: two 8-s links make 16 s, where libsndfile gave 8")
    func wholeChain() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let data = try TestAudio.fixtureData("formats/song_d_major_120bpm.ogg")
        let url = try directory.write((data + data), to: "chained.ogg")
        let properties = try AudioDecoder.probe(path: url.path)
        #expect(properties.decoder == .ffmpeg)
        #expect(abs(properties.durationSeconds - 16) < 0.05, "\(properties.durationSeconds)")
        let report = await (try AudioAnalyzer()).analyze(path: url.path)
        #expect(report.status == .ok && abs((report.file?.durationSeconds ?? 0) - 16) < 0.05)
        #expect(abs((report.tempo?.bpm ?? 0) - 120) < 2 && report.key?.name == "D major")
    }

    @Test("a chain's length is read from its links' granule positions, each at its own rate")
    func chainLength() throws {
        let vorbis = try TestAudio.fixtureData("formats/song_d_major_120bpm.ogg")
        let opus = try TestAudio.fixtureData("ffmpeg/song_d_major_120bpm.opus")
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        func pages(_ data: Data) throws -> OggPages {
            let url = try directory.write(data, to: "chain.ogg")
            return try #require(OggPages(try BufferedFile(path: url.path)))
        }
        // One link: 8 s of Vorbis at 44.1 kHz; 4 s of Opus, whose granules count at 48 kHz after its pre-skip.
        #expect(try pages(vorbis).frames(atRate: 44_100) == 352_800)
        #expect(try pages(opus).frames(atRate: 48_000) == 192_000)
        // Links of other rates are counted at the rate asked for (a decoder resamples them to the first link's).
        let mixed = try pages(vorbis + opus + vorbis)
        #expect(mixed.isChained && mixed.links.count == 3)
        let expected: Int64 = 352_800 + 176_400 + 352_800
        #expect(mixed.frames(atRate: 44_100) == expected)
        // A link whose codec the pages do not read has no length from them.
        var unknown = try pages(vorbis + vorbis)
        unknown.links[1] = nil
        #expect(unknown.frames(atRate: 44_100) == nil)
    }

    /// One Ogg page (RFC 3533) holding `body` (under 255 bytes) as one packet; the checksum is left 0, which the
    /// page walk does not read.
    static func page(flags: UInt8, granule: Int64, serial: UInt32, body: [UInt8]) -> Data {
        var page = Data("OggS".utf8) + [0, flags]
        withUnsafeBytes(of: granule.littleEndian) { page.append(contentsOf: $0) }
        withUnsafeBytes(of: serial.littleEndian) { page.append(contentsOf: $0) }
        page += Data(count: 8) + [1, UInt8(body.count)] + body
        return page
    }

    @Test("Ogg FLAC and Speex links: the rate comes from STREAMINFO and the Speex header, the length from granules")
    func flacAndSpeexLinks() throws {
        // Ogg FLAC's first packet: 0x7F "FLAC", version 1.0, 1 more header, "fLaC", a STREAMINFO block header and
        // STREAMINFO, whose sample rate (44100 = 0x0AC44) takes its bytes 10, 11 and the high half of 12.
        var streamInfo = [UInt8](repeating: 0, count: 34)
        streamInfo[10] = 0x0A
        streamInfo[11] = 0xC4
        streamInfo[12] = 0x42
        let flac: [UInt8] =
            [0x7F] + Array("FLAC".utf8) + [1, 0, 0, 1] + Array("fLaC".utf8) + [0x80, 0, 0, 34] + streamInfo
        // Speex: "Speex   ", a 20-byte version string, version id, header size, then the rate (16000) at byte 36.
        var speex = Array("Speex   ".utf8) + [UInt8](repeating: 0x20, count: 28)
        withUnsafeBytes(of: UInt32(16_000).littleEndian) { speex.append(contentsOf: $0) }
        speex += [UInt8](repeating: 0, count: 40)
        let data =
            Self.page(flags: 0x02, granule: 0, serial: 1, body: flac)
            + Self.page(flags: 0x04, granule: 352_800, serial: 1, body: [1, 2, 3])
            + Self.page(flags: 0x02, granule: 0, serial: 2, body: speex)
            + Self.page(flags: 0x04, granule: 32_000, serial: 2, body: [4, 5, 6])
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let url = try directory.write(data, to: "flac-speex.ogg")
        let pages = try #require(OggPages(try BufferedFile(path: url.path)))
        #expect(pages.isChained && pages.codecs == [.flac, .speex])
        let expected: Int64 = 352_800 + 88_200  // 2 s of Speex at 16 kHz, counted at 44.1 kHz
        #expect(pages.frames(atRate: 44_100) == expected)
    }

    @Test("a chain cut inside its second link is partial, measured up to the cut, not ok over what is there")
    func chainCutShort() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let data = try TestAudio.fixtureData("formats/song_d_major_120bpm.ogg")
        // Ends halfway through the second link.
        let url = try directory.write((data + data).prefix(data.count * 3 / 2), to: "cut-chain.ogg")
        let report = await (try AudioAnalyzer()).analyze(path: url.path)
        #expect(report.status == .partial && report.error?.code == .truncated)
        let measured = report.descriptors?.durationSeconds ?? 0
        #expect(measured > 10 && measured < 14, "\(measured)")
    }

    @Test("a chain whose codec changes (Vorbis, then Opus) is partial over the link FFmpeg decodes, not ok")
    func codecChange() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let vorbis = try TestAudio.fixtureData("formats/song_d_major_120bpm.ogg")
        let opus = try TestAudio.fixtureData("ffmpeg/song_d_major_120bpm.opus")
        let url = try directory.write((vorbis + opus), to: "vorbis-opus.ogg")
        #expect(abs(try AudioDecoder.probe(path: url.path).durationSeconds - 12) < 0.05)
        let report = await (try AudioAnalyzer()).analyze(path: url.path)
        #expect(report.status == .partial && report.error?.code == .truncated)
        #expect(abs((report.descriptors?.durationSeconds ?? 0) - 8) < 0.1)
        #expect(
            (report.warnings ?? []).contains { $0.contains("change codec (Vorbis, then Opus in link 2 of 2)") },
            "\(String(describing: report.warnings))")
    }

    @Test("a whole Ogg file with bytes after its last page is not cut short; one ending inside a page is")
    func endOfStream() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let data = try TestAudio.fixtureData("formats/song_d_major_120bpm.ogg")
        let whole = try #require(OggPages(try BufferedFile(path: TestAudio.fixture("formats/song_d_major_120bpm.ogg"))))
        #expect(whole.endsStream && !whole.isCutShort && !whole.isChained)
        let tagged = try directory.write(
            (data + Data("TAG".utf8) + Data(repeating: 0x20, count: 125)), to: "tagged.ogg")  // an ID3v1 tag appended
        #expect(OggPages(try BufferedFile(path: tagged.path))?.isCutShort == false)
        let cut = try directory.write(data.prefix(data.count * 6 / 10), to: "cut.ogg")
        #expect(OggPages(try BufferedFile(path: cut.path))?.isCutShort == true)
        // libsndfile finds no length for either; the tagged file is whole: ok, not partial.
        let report = await (try AudioAnalyzer()).analyze(path: tagged.path)
        #expect(report.status == .ok && report.error == nil, "\(String(describing: report.error))")
        #expect(abs((report.file?.durationSeconds ?? 0) - 8) < 0.05)
    }
}
