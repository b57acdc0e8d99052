import Foundation
import Testing

@testable import AudioWave
@testable import AudioWaveIO

/// A stereo file with one channel polarity-inverted mixes to nothing: it is analysed from its loudest channel,
/// with a warning, instead of as silence.
@Suite("channels that cancel in the mono mix")
struct ChannelCancellationTests {
    /// Stereo frames of `left` and `right` interleaved.
    static func interleave(_ left: [Float], _ right: [Float]) -> [Float] {
        zip(left, right).flatMap { [$0, $1] }
    }

    static let tone = (0..<4096).map { Float(0.5 * sin(2 * Double.pi * 440 * Double($0) / 22050)) }

    @Test("opposite channels cancel (the louder one is taken); alike, partly opposed or silent channels do not")
    func decision() throws {
        let inverted = Self.tone.map { -$0 }
        var mono = [Float](repeating: 0, count: Self.tone.count)
        let block = Self.interleave(Self.tone, inverted.map { $0 * 0.9 })
        let taken = try AudioDecoder.downmix(
            block, frames: Self.tone.count, channels: 2, into: &mono, firstFrame: 0, path: "test")
        #expect(taken == Self.tone.count && mono == Self.tone)
        // Equal channels: the mean. A second channel at −0.5 of the first leaves a mix 10 dB under the channels'
        // mean power, above the −20 dB line. Digital silence is not cancellation.
        for (right, expectedMean) in [(Self.tone, Float(1)), (Self.tone.map { -0.5 * $0 }, Float(0.25))] {
            let mixed = try AudioDecoder.downmix(
                Self.interleave(Self.tone, right), frames: Self.tone.count, channels: 2, into: &mono, firstFrame: 0,
                path: "test")
            #expect(mixed == 0 && abs(mono[100] - expectedMean * Self.tone[100]) < 1e-6)
        }
        let silence = [Float](repeating: 0, count: 2 * Self.tone.count)
        #expect(AudioDecoder.channelsCancel(silence, frames: Self.tone.count, channels: 2, mix: mono) == nil)
    }

    @Test("the fixture song with one channel inverted reads as the song, with a warning, not as silence")
    func invertedSong() async throws {
        let decoded = try AudioDecoder.decodeMono(
            path: TestAudio.fixture("formats/song_d_major_120bpm.wav"), options: DecodingOptions(sampleRate: nil))
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try TestAudio.writeWAV(
            Self.interleave(decoded.samples, decoded.samples.map { -$0 }), sampleRate: decoded.sampleRate,
            channels: 2, to: directory.file("inverted.wav"))
        let report = await (try AudioAnalyzer()).analyze(path: path)
        #expect(!report.isSilent && report.key?.name == "D major" && abs((report.tempo?.bpm ?? 0) - 120) < 2)
        #expect(
            (report.warnings ?? []).contains { $0.contains("polarity-inverted") && $0.contains("in 8.0 s") },
            "\(String(describing: report.warnings))")
    }
}
