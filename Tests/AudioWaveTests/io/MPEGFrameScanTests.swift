import Foundation
import Testing

@testable import AudioWave
@testable import AudioWaveIO

@Suite("MPEG frame scan: what starts like an MP3 reaches libsndfile only with two frames that hold together")
struct MPEGFrameScanTests {
    /// The fixture MP3's bytes.
    static func fixtureMP3() throws -> [UInt8] {
        [UInt8](try TestAudio.fixtureData("formats/song_d_major_120bpm.mp3"))
    }

    @Test("frame lengths of the standard's examples: MPEG-1 Layer III 128 kbit/s 44.1 kHz, MPEG-2 Layer III, Layer I")
    func frameLengths() {
        // 0xFFFB9064: MPEG-1, Layer III, 128 kbit/s, 44100 Hz, no padding: 144 · 128000 / 44100 = 417 bytes.
        #expect(MPEGFrameScan.FrameHeader([0xFF, 0xFB, 0x90, 0x64], at: 0)?.length == 417)
        // With the padding bit: 418.
        #expect(MPEGFrameScan.FrameHeader([0xFF, 0xFB, 0x92, 0x64], at: 0)?.length == 418)
        // 0xFFF3 (MPEG-2, Layer III), bitrate index 8 (64 kbit/s), 22050 Hz: 72 · 64000 / 22050 = 208 bytes.
        let mpeg2 = MPEGFrameScan.FrameHeader([0xFF, 0xF3, 0x80, 0x00], at: 0)
        #expect(mpeg2?.length == 208)
        #expect(mpeg2?.sampleRate == 22050)
        // 0xFFFF (MPEG-1, Layer I), 32 kbit/s, 48000 Hz: (12 · 32000 / 48000) · 4 = 32 bytes.
        #expect(MPEGFrameScan.FrameHeader([0xFF, 0xFF, 0x14, 0x00], at: 0)?.length == 32)
        // Reserved version, free bitrate, bad bitrate, reserved rate, reserved emphasis: no header.
        for bytes: [UInt8] in [
            [0xFF, 0xEB, 0x90, 0x64], [0xFF, 0xFB, 0x00, 0x64], [0xFF, 0xFB, 0xF0, 0x64], [0xFF, 0xFB, 0x9C, 0x64],
            [0xFF, 0xFB, 0x90, 0x66],
        ] {
            #expect(MPEGFrameScan.FrameHeader(bytes, at: 0) == nil, "\(bytes)")
        }
    }

    @Test("ID3v2 length: synchsafe size, plus 10 for the header and 10 for a footer")
    func id3Length() {
        #expect(MPEGFrameScan.id3v2Length([0x49, 0x44, 0x33, 4, 0, 0x00, 0, 0, 0x02, 0x01]) == Int64(10 + 257))
        #expect(MPEGFrameScan.id3v2Length([0x49, 0x44, 0x33, 4, 0, 0x10, 0, 0, 0x02, 0x01]) == Int64(20 + 257))
        #expect(MPEGFrameScan.id3v2Length([0x49, 0x44, 0x33, 4, 0, 0, 0x80, 0, 0, 0]) == nil)
    }

    @Test("a real MP3, with or without a padded ID3v2 tag before it, has two frames; a header before noise has not")
    func verdicts() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let mp3 = try Self.fixtureMP3()
        let audioStart = Int(MPEGFrameScan.id3v2Length(Array(mp3.prefix(10))) ?? 0)
        let frames = Array(mp3[audioStart...])
        var tagged: [UInt8] = [0x49, 0x44, 0x33, 3, 0, 0, 0, 0, 0x08, 0x00]  // a 1024-byte tag of zeros
        tagged += [UInt8](repeating: 0, count: 1024) + [UInt8](repeating: 0, count: 300) + frames
        var noise = SplitMix(seed: 11)
        let cases: [(name: String, bytes: [UInt8], passes: Bool)] = [
            ("fixture.mp3", mp3, true),
            ("bare.mp3", frames, true),
            ("padded.mp3", tagged, true),
            ("header-then-noise.mp3", [0xFF, 0xFB, 0x90, 0x64] + (0..<5000).map { _ in noise.byte() }, false),
            ("tag-then-noise.mp3", Array(tagged.prefix(1034)) + (0..<3000).map { _ in noise.byte() & 0x7F }, false),
            ("not-mpeg.mp3", Array("RIFF....WAVE".utf8), true),
        ]
        for (name, bytes, passes) in cases {
            let url = directory.file(name)
            try Data(bytes).write(to: url)
            let refusal = try MPEGFrameScan.refusal(path: url.path)
            #expect((refusal == nil) == passes, "\(name): \(String(describing: refusal))")
            if let refusal {
                #expect(refusal.code == .truncated)
                #expect(refusal.path == url.path)
            }
        }
    }

    @Test("garbage that starts like MPEG audio is a typed error and leaves nothing of libmpg123 on standard error")
    func quietCLI() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var noise = SplitMix(seed: 5)
        try Data([0xFF, 0xFB, 0x90, 0x64] + (0..<5000).map { _ in noise.byte() }).write(
            to: directory.file("sync.mp3"))
        let output = try CLIRunner.run(["analyze", directory.url.path, "--no-progress", "--jsonl", "-"])
        #expect(output.status == 1)
        #expect(output.stdout.contains("\"truncated\""), "\(output.stdout)")
        let foreign = output.stderr.split(separator: "\n").filter {
            !$0.hasPrefix("audiowave") && !$0.hasPrefix("files:")
        }
        #expect(!output.stderr.contains("MPEG-Header") && !output.stderr.contains("resync"), "\(output.stderr)")
        #expect(foreign.allSatisfy { !$0.hasPrefix("Note:") && !$0.contains("[src/libmpg123") }, "\(output.stderr)")
    }
}

extension SplitMix {
    /// A byte from the next draw.
    fileprivate mutating func byte() -> UInt8 { UInt8(min(255, Int(nextUnit() * 256))) }
}
