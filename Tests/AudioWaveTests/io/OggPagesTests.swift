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
        let data = try Data(contentsOf: URL(fileURLWithPath: TestAudio.fixture("formats/song_d_major_120bpm.ogg")))
        let url = directory.file("chained.ogg")
        try (data + data).write(to: url)
        #expect(OggPages(try BufferedFile(path: url.path))?.isChained == true)
        #expect(OggPages(try BufferedFile(path: TestAudio.fixture("formats/song_d_major_120bpm.wav"))) == nil)
    }

    @Test("every link is decoded: two 8-s links make 16 s, where libsndfile gave 8")
    func wholeChain() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let data = try Data(contentsOf: URL(fileURLWithPath: TestAudio.fixture("formats/song_d_major_120bpm.ogg")))
        let url = directory.file("chained.ogg")
        try (data + data).write(to: url)
        let properties = try AudioDecoder.probe(path: url.path)
        #expect(properties.decoder == .ffmpeg)
        #expect(abs(properties.durationSeconds - 16) < 0.05, "\(properties.durationSeconds)")
        let report = await (try AudioAnalyzer()).analyze(path: url.path)
        #expect(report.status == .ok && abs((report.file?.durationSeconds ?? 0) - 16) < 0.05)
        #expect(abs((report.tempo?.bpm ?? 0) - 120) < 2 && report.key?.name == "D major")
    }

    @Test("a whole Ogg file with bytes after its last page is not cut short; one ending inside a page is")
    func endOfStream() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let data = try Data(contentsOf: URL(fileURLWithPath: TestAudio.fixture("formats/song_d_major_120bpm.ogg")))
        let whole = try #require(OggPages(try BufferedFile(path: TestAudio.fixture("formats/song_d_major_120bpm.ogg"))))
        #expect(whole.endsStream && !whole.isCutShort && !whole.isChained)
        let tagged = directory.file("tagged.ogg")
        try (data + Data("TAG".utf8) + Data(repeating: 0x20, count: 125)).write(to: tagged)  // an ID3v1 tag appended
        #expect(OggPages(try BufferedFile(path: tagged.path))?.isCutShort == false)
        let cut = directory.file("cut.ogg")
        try data.prefix(data.count * 6 / 10).write(to: cut)
        #expect(OggPages(try BufferedFile(path: cut.path))?.isCutShort == true)
        // libsndfile finds no length for either; the tagged file is whole: ok, not partial.
        let report = await (try AudioAnalyzer()).analyze(path: tagged.path)
        #expect(report.status == .ok && report.error == nil, "\(String(describing: report.error))")
        #expect(abs((report.file?.durationSeconds ?? 0) - 8) < 0.05)
    }
}
