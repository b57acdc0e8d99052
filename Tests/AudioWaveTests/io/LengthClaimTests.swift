import Foundation
import Testing

@testable import AudioWave
@testable import AudioWaveIO

/// A header's length is a claim: `decodeMono` reserved room for all of it before reading a block, so an 8 KB
/// FLAC whose STREAMINFO claimed 5 × 10⁸ frames (under the 65 536 frames per byte `open` refuses) made it
/// allocate 2 GB (`make fuzz`'s 1 GB allocation limit; a larger file claiming 2³⁶ frames asks for terabytes).
@Suite("The room reserved for decoded samples is bounded by the file's size, not its header")
struct LengthClaimTests {
    /// The FLAC fixture (44.1 kHz stereo) cut to `bytes`, its STREAMINFO total-samples field (the low 36 bits of
    /// bytes 21...25) set to `frames`.
    static func lyingFLAC(bytes: Int, frames: Int64, in directory: TemporaryDirectory) throws -> String {
        var data = [UInt8](
            try TestAudio.fixtureData("formats/song_d_major_120bpm.flac").prefix(
                bytes))
        data[21] = (data[21] & 0xF0) | UInt8((frames >> 32) & 0x0F)
        for index in 22...25 { data[index] = UInt8((frames >> (8 * (25 - index))) & 0xFF) }
        let url = directory.file("liar.flac")
        try Data(data).write(to: url)
        return url.path
    }

    @Test("an 8 KB FLAC claiming 491 520 000 frames gets room for 4 096 samples, and is truncated")
    func lyingLength() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try Self.lyingFLAC(bytes: 8192, frames: 8192 * 60_000, in: directory)
        #expect(try AudioDecoder.probe(path: path).frameCount == 491_520_000)
        var told: [Int] = []
        do {
            try AudioDecoder.streamMono(
                path: path, options: DecodingOptions(sampleRate: 22050), onSamples: { _ in },
                expectedSampleCount: { told.append($0) })
            Issue.record("decoded")
        } catch {
            #expect(error.code == .truncated, "\(error)")
        }
        // 8192 bytes at one frame per byte, 44.1 kHz to 22.05 kHz.
        #expect(told == [4096])
        #expect(throws: AudioError.self) { _ = try AudioDecoder.decodeMono(path: path) }
    }

    @Test("a PCM file still gets exactly the room it needs")
    func honestLength() throws {
        let directory = try TestAudio.temporaryDirectory()
        let path = try TestAudio.writeWAV(
            TestAudio.sine(frequencyHz: 440, sampleRate: 44100, seconds: 1), sampleRate: 44100,
            to: directory.appendingPathComponent("sine.wav"))
        var told: [Int] = []
        var delivered = 0
        try AudioDecoder.streamMono(
            path: path, options: DecodingOptions(sampleRate: 22050), onSamples: { delivered += $0.count },
            expectedSampleCount: { told.append($0) })
        #expect(told == [22050])
        #expect(delivered == 22050)
    }
}
