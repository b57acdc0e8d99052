import Foundation
import Testing

@testable import AudioWave
@testable import AudioWaveIO

/// An MP3 whose length libsndfile can only estimate (variable bit rate, no Xing header) is counted frame by frame
/// and decoded whole (`Resources/mp3/README.md` says how the files were made).
@Suite("MP3 length by walking its frames")
struct MPEGStreamLengthTests {
    private static func resource(_ name: String) -> String {
        TestAudio.packageRoot.appendingPathComponent("Tests/AudioWaveTests/Resources/mp3/\(name)").path
    }

    @Test("the frames of a VBR file without a Xing header are counted exactly (309 × 576 samples)")
    func counts() throws {
        for name in ["vbr_loud_start.mp3", "vbr_quiet_start.mp3"] {
            let count = MPEGStreamLength.count(try BufferedFile(path: Self.resource(name)))
            #expect(count == MPEGStreamLength.Count(frames: 309, samples: 177_984), "\(name)")
        }
        // A constant bit rate without a header: counted, and libsndfile's estimate is within its tolerance.
        let cbr = TestAudio.fixture("formats/song_d_major_120bpm.mp3")
        let counted = try #require(MPEGStreamLength.count(try BufferedFile(path: cbr)))
        let estimate = try AudioDecoder.probe(path: cbr).frameCount
        #expect(abs(counted.samples - estimate) <= max(2 * 1152, estimate / 100), "\(counted) vs \(estimate)")
    }

    @Test("a Xing or Info header states the length: nothing is counted; not MPEG audio: nothing either")
    func headerOrNotMPEG() throws {
        let xing = TestAudio.packageRoot.appendingPathComponent("Tests/AudioWaveTests/Resources/tempo/tone_440hz.mp3")
        #expect(MPEGStreamLength.count(try BufferedFile(path: xing.path)) == nil)
        let info = TestAudio.packageRoot.appendingPathComponent("Tests/AudioWaveTests/Resources/tags/tags-id3v23.mp3")
        #expect(MPEGStreamLength.count(try BufferedFile(path: info.path)) == nil)
        #expect(
            MPEGStreamLength.count(try BufferedFile(path: TestAudio.fixture("formats/song_d_major_120bpm.wav"))) == nil)
    }

    @Test(
        "libsndfile's estimate (1.4 s, 2.1 s) is not where the analysis stops: all 8 s are heard",
        arguments: [
            "vbr_loud_start.mp3", "vbr_quiet_start.mp3",
        ])
    func wholeFileAnalysed(name: String) async throws {
        let path = Self.resource(name)
        let properties = try AudioDecoder.probe(path: path)
        #expect(properties.decoder == .ffmpeg && properties.frameCount == 177_984)
        let report = await (try AudioAnalyzer()).analyze(path: path)
        #expect(report.status == .ok && !report.isSilent)
        #expect(abs((report.file?.durationSeconds ?? 0) - 8.07) < 0.01)
        #expect(abs((report.tempo?.bpm ?? 0) - 120) < 2, "\(String(describing: report.tempo?.bpm))")
        #expect(report.key?.name == "D major")
    }
}

/// A Xing/Info header that misstates the stream's size sends the file to FFmpeg before libmpg123 sees it.
@Suite("MP3 length headers that misstate the stream")
struct MPEGLengthHeaderTests {
    private static let tone = TestAudio.packageRoot.appendingPathComponent(
        "Tests/AudioWaveTests/Resources/tempo/tone_440hz.mp3")

    @Test("a Xing header's counts are read; a whole file agrees with them, a cut or joined one does not")
    func sizes() throws {
        let whole = try BufferedFile(path: Self.tone.path)
        let header = try #require(MPEGStreamLength.lengthHeader(whole))
        // 8 s at 44.1 kHz: the header counts the frames of 1152 samples, the Xing frame's own included or not.
        let frames = try #require(header.frames)
        #expect(abs(frames * 1152 - 8 * 44_100) <= 2 * 1152, "\(header)")
        #expect(header.bytes != nil && !MPEGStreamLength.headerDisagreesWithSize(header, file: whole))

        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let data = try Data(contentsOf: Self.tone)
        try data.prefix(data.count * 6 / 10).write(to: directory.file("cut.mp3"))
        try (data + data).write(to: directory.file("joined.mp3"))
        for name in ["cut.mp3", "joined.mp3"] {
            let file = try BufferedFile(path: directory.file(name).path)
            let stated = try #require(MPEGStreamLength.lengthHeader(file))
            #expect(MPEGStreamLength.headerDisagreesWithSize(stated, file: file), "\(name)")
        }
    }

    @Test("two MP3s joined with cat are decoded whole by FFmpeg, not to the first part's header")
    func joined() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let data = try Data(contentsOf: Self.tone)
        let url = directory.file("joined.mp3")
        try (data + data).write(to: url)
        let properties = try AudioDecoder.probe(path: url.path)
        #expect(properties.decoder == .ffmpeg)
        #expect(abs(properties.durationSeconds - 16) < 0.2, "\(properties.durationSeconds)")
        let decoded = try AudioDecoder.decodeMono(path: url.path)
        #expect(abs(Double(decoded.samples.count) / 22_050 - 16) < 0.2)
        // The report says why: the header's count is half the stream.
        #expect(properties.headerNote?.contains("MP3s joined?") == true, "\(String(describing: properties.headerNote))")
        let report = await (try AudioAnalyzer()).analyze(path: url.path)
        #expect(report.status == .ok && (report.warnings ?? []).contains { $0.contains("Xing/Info header says") })
    }

    @Test("libmpg123 says nothing on standard error for MP3s whose header misstates the size: cut, joined, tagged")
    func quietOnStandardError() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let data = try Data(contentsOf: Self.tone)
        try data.prefix(data.count * 6 / 10).write(to: directory.file("cut.mp3"))
        try (data + data).write(to: directory.file("joined.mp3"))
        // An APEv2 tag of 20 KB after the audio (header, one item, footer): libmpg123 counts it as stream.
        let value = Data(repeating: 0x78, count: 20_000)
        var items = Data()
        for field: UInt32 in [UInt32(value.count), 0] {
            withUnsafeBytes(of: field.littleEndian) { items.append(contentsOf: $0) }
        }
        items += Data("Cover\0".utf8) + value
        func apeBlock(flags: UInt32) -> Data {
            var block = Data("APETAGEX".utf8)
            for field: UInt32 in [2000, UInt32(items.count + 32), 1, flags] {
                withUnsafeBytes(of: field.littleEndian) { block.append(contentsOf: $0) }
            }
            return block + Data(count: 8)
        }
        try (data + apeBlock(flags: 0xA000_0000) + items + apeBlock(flags: 0x8000_0000)).write(
            to: directory.file("tagged.mp3"))
        let output = try CLIRunner.run(["analyze", directory.url.path, "--no-progress", "--jsonl", "-"])
        #expect(!output.stderr.contains("Xing") && !output.stderr.contains("Warning"), "\(output.stderr)")
        let records = output.stdout.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        #expect(records.count == 3)
        for record in records {
            let file = record["file"] as? [String: Any]
            #expect(file?["decoder"] as? String == "ffmpeg", "\(record["relative_path"] ?? "")")
        }
    }
}
