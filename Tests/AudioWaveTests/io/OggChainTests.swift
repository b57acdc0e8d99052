import Foundation
import Testing

@testable import AudioWave
@testable import AudioWaveIO

/// A chained Ogg file (links one after the other) is decoded whole: libsndfile reads only the first link.
@Suite("Chained Ogg files")
struct OggChainTests {
    @Test("one stream is not a chain; the same file twice is")
    func detection() throws {
        for fixture in ["formats/song_d_major_120bpm.ogg", "ffmpeg/song_d_major_120bpm.opus"] {
            #expect(!OggChain.isChained(try BufferedFile(path: TestAudio.fixture(fixture))), "\(fixture)")
        }
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let data = try Data(contentsOf: URL(fileURLWithPath: TestAudio.fixture("formats/song_d_major_120bpm.ogg")))
        let url = directory.file("chained.ogg")
        try (data + data).write(to: url)
        #expect(OggChain.isChained(try BufferedFile(path: url.path)))
        #expect(!OggChain.isChained(try BufferedFile(path: TestAudio.fixture("formats/song_d_major_120bpm.wav"))))
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
}
