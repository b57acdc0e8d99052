import Foundation
import Testing

@testable import AudioWave
@testable import AudioWaveIO

/// A WAV whose header still says 0 bytes of data (a recording never finalised) is read to the end of the file.
@Suite("A WAV whose data size was never written is read to its end, not called empty")
struct UnwrittenWAVSizeTests {
    /// The fixture song with its RIFF and data sizes set to 0, followed by `tail`.
    static func unfinalised(tail: Data? = nil) throws -> Data {
        var data = try TestAudio.fixtureData("formats/song_d_major_120bpm.wav")
        let marker = try #require(data.range(of: Data("data".utf8)))
        let sizeAt = marker.upperBound
        data.replaceSubrange(4..<8, with: Data(repeating: 0, count: 4))
        data.replaceSubrange(sizeAt..<(sizeAt + 4), with: Data(repeating: 0, count: 4))
        if let tail { data = data.prefix(sizeAt + 4) + tail }
        return data
    }

    @Test("the 8 s after a data chunk of size 0 are analysed (libsndfile found no frames: `empty`)")
    func readsToTheEnd() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let url = try directory.write(Self.unfinalised(), to: "unfinalised.wav")
        #expect(UnwrittenWAVSize.holdsAudioAfterEmptyDataChunk(try BufferedFile(path: url.path)))
        let properties = try AudioDecoder.probe(path: url.path)
        #expect(properties.decoder == .ffmpeg && abs(properties.durationSeconds - 8) < 0.01)
        let report = await (try AudioAnalyzer()).analyze(path: url.path)
        #expect(report.status == .ok && abs((report.tempo?.bpm ?? 0) - 120) < 2 && report.key?.name == "D major")
        #expect(
            (report.warnings ?? []).contains { $0.contains("header was never finalised") },
            "\(String(describing: report.warnings))")
    }

    @Test("an empty data chunk followed by another chunk, or by nothing, is an empty recording")
    func emptyRecording() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var list = Data("LIST".utf8) + Data([12, 0, 0, 0]) + Data("INFOISFT".utf8)
        list += Data([0, 0, 0, 0])
        for (name, tail) in [("list.wav", list), ("nothing.wav", Data())] {
            let url = directory.file(name)
            try Self.unfinalised(tail: tail).write(to: url)
            #expect(!UnwrittenWAVSize.holdsAudioAfterEmptyDataChunk(try BufferedFile(path: url.path)), "\(name)")
            #expect(throws: AudioError.self) { try AudioDecoder.probe(path: url.path) }
        }
    }
}
