import Foundation
import Testing

@testable import AudioWave
@testable import AudioWaveIO

/// A WAV or AIFF whose header still declares no audio (a recording never finalised) is read to the end of the file.
@Suite("A WAV or AIFF whose data size was never written is read to its end, not called empty")
struct UnwrittenDataSizeTests {
    /// The fixture song (`extension`: wav or aiff) with its container size and its audio chunk's size set as a
    /// recorder leaves them before it finalises the file (0 for WAV's data, 8 for AIFF's SSND: just its offset and
    /// block-size fields), followed by `tail` in place of the audio when given.
    static func unfinalised(_ fileExtension: String, tail: Data? = nil) throws -> Data {
        var data = try TestAudio.fixtureData("formats/song_d_major_120bpm.\(fileExtension)")
        let isWAV = fileExtension == "wav"
        let marker = try #require(data.range(of: Data((isWAV ? "data" : "SSND").utf8)))
        let sizeAt = marker.upperBound
        let empty: [UInt8] = isWAV ? [0, 0, 0, 0] : [0, 0, 0, 8]
        data.replaceSubrange(sizeAt..<(sizeAt + 4), with: empty)
        // The container's size as first written: the header up to the audio chunk's fields.
        let headerEnd = sizeAt + 4 + (isWAV ? 0 : 8)
        let containerSize = UInt32(headerEnd - 8)
        let sizeBytes = (0..<4).map { UInt8(truncatingIfNeeded: containerSize >> (isWAV ? 8 * $0 : 24 - 8 * $0)) }
        data.replaceSubrange(4..<8, with: sizeBytes)
        if let tail { data = data.prefix(headerEnd) + tail }
        return data
    }

    @Test(
        "the 8 s after an audio chunk that declares no sample are analysed (libsndfile found none: `empty`)",
        arguments: ["wav", "aiff"])
    func readsToTheEnd(fileExtension: String) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let url = try directory.write(Self.unfinalised(fileExtension), to: "unfinalised.\(fileExtension)")
        #expect(UnwrittenDataSize.finding(in: try BufferedFile(path: url.path)) != nil)
        let properties = try AudioDecoder.probe(path: url.path)
        #expect(properties.decoder == .libsndfile && abs(properties.durationSeconds - 8) < 0.001, "\(properties)")
        #expect(properties.headerNote?.contains("header was never finalised") == true)
        let report = await (try AudioAnalyzer()).analyze(path: url.path)
        #expect(report.status == .ok && abs((report.tempo?.bpm ?? 0) - 120) < 2 && report.key?.name == "D major")
        #expect(
            (report.warnings ?? []).contains { $0.contains("header was never finalised") },
            "\(String(describing: report.warnings))")
    }

    @Test("the corrected file decodes to the finalised file's samples", arguments: ["wav", "aiff"])
    func samePCM(fileExtension: String) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let url = try directory.write(Self.unfinalised(fileExtension), to: "unfinalised.\(fileExtension)")
        let original = try AudioDecoder.decodeMono(
            path: TestAudio.fixture("formats/song_d_major_120bpm.\(fileExtension)"))
        let corrected = try AudioDecoder.decodeMono(path: url.path)
        #expect(!original.samples.isEmpty && corrected.samples == original.samples)
    }

    @Test(
        "an empty audio chunk followed by another chunk, or by nothing, is an empty recording",
        arguments: ["wav", "aiff"])
    func emptyRecording(fileExtension: String) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let isWAV = fileExtension == "wav"
        let sizeOfFour: [UInt8] = isWAV ? [4, 0, 0, 0] : [0, 0, 0, 4]
        let other = Data((isWAV ? "LIST" : "MARK").utf8) + Data(sizeOfFour) + Data([0, 0, 0, 0])
        for (name, tail) in [("other", other), ("nothing", Data())] {
            let url = directory.file("\(name).\(fileExtension)")
            try Self.unfinalised(fileExtension, tail: tail).write(to: url)
            #expect(UnwrittenDataSize.finding(in: try BufferedFile(path: url.path)) == nil, "\(name)")
            #expect(throws: AudioError.self) { try AudioDecoder.probe(path: url.path) }
        }
    }

    @Test("a correction is read where it lies, in whatever pieces the reader asks for")
    func correctionsOverReads() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let url = try directory.write(Data((0..<64).map { UInt8($0) }), to: "bytes.bin")
        let file = try BufferedFile(path: url.path)
        file.corrections = [HeaderCorrection(offset: 6, size: 0x0A0B_0C0D, bigEndian: true)]
        var read = [UInt8](repeating: 0, count: 64)
        var position = 0
        for piece in [3, 4, 2, 55] {
            let got = read.withUnsafeMutableBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                return file.read(into: base + position, count: piece)
            }
            position += got
        }
        #expect(position == 64)
        var expected = (0..<64).map { UInt8($0) }
        expected.replaceSubrange(6..<10, with: [0x0A, 0x0B, 0x0C, 0x0D])
        #expect(read == expected)
        #expect(file.bytes(at: 6, count: 4) == [6, 7, 8, 9])
        #expect(HeaderCorrection(offset: 0, size: 1 << 40, bigEndian: false).bytes == [255, 255, 255, 255])
    }
}
