import Foundation
import Testing

@testable import AudioWave
@testable import AudioWaveIO

/// CAF and ASF files cut short: FFmpeg reads them up to their end, and only their own headers say they are cut.
@Suite("CAF and ASF (WMA) files cut short are partial, measured up to the cut")
struct ContainerCutTests {
    /// A 16-bit PCM CAF (Core Audio Format 1.0): `caff` header, `desc`, then `data` with its 4-byte edit count.
    /// `dataSize` overrides the data chunk's declared size (-1: unknown, it ends with the file).
    static func caf(_ samples: [Float], sampleRate: Double, dataSize: Int64? = nil) -> Data {
        var data = Data("caff".utf8)
        func append<T: FixedWidthInteger>(_ value: T) {
            withUnsafeBytes(of: value.bigEndian) { data.append(contentsOf: $0) }
        }
        append(UInt16(1))
        append(UInt16(0))
        data.append(contentsOf: "desc".utf8)
        append(Int64(32))
        append(sampleRate.bitPattern)
        data.append(contentsOf: "lpcm".utf8)
        append(UInt32(0x2))  // signed integer, big-endian (no little-endian flag)
        append(UInt32(2))  // bytes per packet
        append(UInt32(1))  // frames per packet
        append(UInt32(1))  // channels
        append(UInt32(16))  // bits
        data.append(contentsOf: "data".utf8)
        append(dataSize ?? Int64(4 + 2 * samples.count))
        append(UInt32(0))  // edit count
        for sample in samples { append(Int16(max(-1, min(1, sample)) * 32767)) }
        return data
    }

    @Test("a PCM CAF cut to 60% is partial over the 60%, its header's 8 s named; a whole one is ok")
    func cafCut() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let song = try AudioDecoder.decodeMono(
            path: TestAudio.fixture("formats/song_d_major_120bpm.wav"), options: DecodingOptions(sampleRate: nil))
        let whole = Self.caf(song.samples, sampleRate: Double(song.sampleRate))
        let wholeURL = try directory.write(whole, to: "whole.caf")
        #expect(ContainerCut.finding(in: try BufferedFile(path: wholeURL.path)) == nil)
        let cutURL = try directory.write(whole.prefix(whole.count * 6 / 10), to: "cut.caf")
        let finding = try #require(ContainerCut.finding(in: try BufferedFile(path: cutURL.path)))
        #expect(abs((finding.declaredSeconds ?? 0) - 8) < 0.001)
        let report = await (try AudioAnalyzer()).analyze(path: cutURL.path)
        #expect(report.status == .partial && report.error?.code == .truncated, "\(String(describing: report.error))")
        #expect(abs((report.file?.durationSeconds ?? 0) - 4.8) < 0.05)
        #expect(
            (report.warnings ?? []).contains { $0.contains("of the 8.0 s its header promises") },
            "\(String(describing: report.warnings))")
        let wholeReport = await (try AudioAnalyzer()).analyze(path: wholeURL.path)
        #expect(wholeReport.status == .ok && abs((wholeReport.file?.durationSeconds ?? 0) - 8) < 0.01)
    }

    @Test("a CAF whose data chunk leaves its size unknown (-1, streamed) ends with the file: not a cut")
    func cafStreamed() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let url = directory.file("streamed.caf")
        try Self.caf(TestAudio.sine(frequencyHz: 440, sampleRate: 8000, seconds: 1), sampleRate: 8000, dataSize: -1)
            .prefix(6000).write(to: url)
        #expect(ContainerCut.finding(in: try BufferedFile(path: url.path)) == nil)
    }

    @Test("a WMA cut to 60% is partial: its ASF header states the file's size and the 4 s it holds")
    func asfCut() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let whole = try TestAudio.fixtureData("ffmpeg/song_d_major_120bpm.wma")
        #expect(
            ContainerCut.finding(in: try BufferedFile(path: TestAudio.fixture("ffmpeg/song_d_major_120bpm.wma"))) == nil
        )
        let url = try directory.write(whole.prefix(whole.count * 6 / 10), to: "cut.wma")
        let finding = try #require(ContainerCut.finding(in: try BufferedFile(path: url.path)))
        #expect(abs((finding.declaredSeconds ?? 0) - 4.04) < 0.1, "\(finding)")
        let report = await (try AudioAnalyzer()).analyze(path: url.path)
        #expect(report.status == .partial && report.error?.code == .truncated, "\(String(describing: report.error))")
        #expect((report.file?.durationSeconds ?? 0) < 3.5)
    }
}
