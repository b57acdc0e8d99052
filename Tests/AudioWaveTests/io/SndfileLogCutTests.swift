import Foundation
import Testing

@testable import AudioWave
@testable import AudioWaveIO

/// The cut a header's promise shows in libsndfile's open log (logs as libsndfile 1.2 writes them for files cut to
/// half their bytes).
@Suite("A cut file, as libsndfile's log shows it")
struct SndfileLogCutTests {
    @Test("data chunk sizes above what the file holds: WAV, AIFF, AU; the frames promised scale with the bytes")
    func dataSizes() {
        // The fixtures' 8-s song (352 800 frames) cut to half its bytes: stereo WAV and AU, mono AIFF (whose SSND
        // size counts 8 bytes before the samples).
        for (line, frames) in [
            ("data : 1411200 (should be 705578)", Int64(176_394)), ("SSND : 705608 (should be 352764)", 176_378),
            ("  Data Size   : 1411200 (should be 705584)", 176_396),
        ] {
            let cut = SndfileLogCut.cut(inLog: "File : x\nLength : 1\n" + line + "\n", frameCount: frames)
            #expect(cut?.declaredFrames == 352_800, "\(line): \(String(describing: cut))")
            #expect(
                cut?.reason.hasPrefix("header says ") == true && cut?.reason.contains("bytes of audio data") == true)
        }
    }

    @Test("an RF64 whose ds64 chunk counts more frames than the data holds")
    func rf64() {
        let log = """
            RF64
            ds64 : 28
              Riff size : 1411306 (should be 705649)
              Data size : 1411200
              Frames    : 352800
            data : 0xFFFFFFFF
            End
            *** Calculated frame count 176385 does not match value from 'ds64' chunk of 352800.
            """
        #expect(
            SndfileLogCut.cut(inLog: log, frameCount: 176_385)
                == KnownCut(reason: "the ds64 chunk says 352800 frames, the file holds 176385", declaredFrames: 352_800)
        )
    }

    @Test("a Wave64 file shorter than its container: the data chunk's size (less its 24-byte header) is the promise")
    func wave64() {
        let log = [
            "riff : 1411304 (should be 705652)", "wave", " fmt : 40", "  Format        : 0x1 => WAVE_FORMAT_PCM",
            "  Channels      : 2", "  Block Align   : 4", "  Bit Width     : 16", "data : 1411224",
        ].joined(separator: "\n")
        #expect(
            SndfileLogCut.cut(inLog: log, frameCount: 176_387)
                == KnownCut(
                    reason: "header says 1411200 bytes of audio data, the file holds 705548", declaredFrames: 352_800))
        // A whole Wave64 file: the container's size is what the file holds.
        let whole = log.replacingOccurrences(of: "riff : 1411304 (should be 705652)", with: "riff : 1411304")
        #expect(SndfileLogCut.cut(inLog: whole, frameCount: 352_800) == nil)
    }

    @Test("no cut: sizes that agree, streaming placeholders, a shorter claim, a RIFF size alone")
    func noCut() {
        for log in [
            "data : 705578\n", "data : 4294967295 (should be 705578)\n", "data : 2147483647 (should be 88200)\n",
            "data : 1000 (should be 2000)\n", "RIFF : 1411236 (should be 705614)\ndata : 705578\n", "",
        ] {
            #expect(SndfileLogCut.cut(inLog: log, frameCount: 1000) == nil, "\(log)")
        }
    }

    @Test("an AU file cut short end to end: partial, the promise in the warning")
    func auFile() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        // Sun AU: ".snd", data offset 24, data size, encoding 3 (16-bit PCM), rate, channels; big-endian. The header
        // promises 4 s of 22050 Hz mono, the file holds 2.
        let samples = TestSignals.sine(frequencyHz: 440, count: 44_100)
        var data = Data(".snd".utf8)
        for field: UInt32 in [24, 4 * 22_050 * 2, 3, 22_050, 1] {
            withUnsafeBytes(of: field.bigEndian) { data.append(contentsOf: $0) }
        }
        for sample in samples {
            withUnsafeBytes(of: Int16(sample * 32_000).bigEndian) { data.append(contentsOf: $0) }
        }
        let url = directory.file("cut.au")
        try data.write(to: url)
        let report = await (try AudioAnalyzer()).analyze(path: url.path)
        #expect(report.status == .partial && report.error?.code == .truncated)
        let warning = (report.warnings ?? []).first { $0.hasPrefix("the file is cut short") } ?? ""
        #expect(warning.contains("the 2.0 s decoded of the 4.0 s its header promises"), "\(warning)")
        #expect(report.loudness?.integratedLUFS != nil)
    }
}
