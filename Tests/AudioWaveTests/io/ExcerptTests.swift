import Foundation
import Testing

@testable import AudioWave
@testable import AudioWaveIO

@Suite("Excerpt decoding")
struct ExcerptTests {
    @Test("an excerpt holds the same samples as the same span of a full decode", arguments: ["wav", "flac", "aiff"])
    func excerptMatchesFullDecode(ext: String) throws {
        let path = TestAudio.fixture("formats/song_d_major_120bpm.\(ext)")
        let native = DecodingOptions(sampleRate: nil)
        let full = try AudioDecoder.decodeMono(path: path, options: native)
        var options = native
        options.excerpt = Excerpt(startSeconds: 2, durationSeconds: 3)
        let excerpt = try AudioDecoder.decodeMono(path: path, options: options)
        let rate = full.sampleRate
        #expect(excerpt.samples.count == 3 * rate)
        #expect(excerpt.startSeconds == 2)
        #expect(Array(full.samples[(2 * rate)..<(5 * rate)]) == excerpt.samples)
    }

    @Test("a lossy excerpt lands at the same place as the full decode", arguments: ["mp3", "ogg"])
    func lossyExcerpt(ext: String) throws {
        let path = TestAudio.fixture("formats/song_d_major_120bpm.\(ext)")
        let full = try AudioDecoder.decodeMono(path: path, options: DecodingOptions(sampleRate: nil))
        let excerpt = try AudioDecoder.decodeMono(
            path: path, options: DecodingOptions(sampleRate: nil, excerpt: Excerpt(startSeconds: 2, durationSeconds: 3))
        )
        #expect(excerpt.samples.count == 3 * 44100)
        let span = full.samples[(2 * 44100)..<(5 * 44100)]
        let error = zip(span, excerpt.samples).map { Double(abs($0 - $1)) }.max() ?? 1
        #expect(error < 0.01, "max difference \(error)")
    }

    @Test("an excerpt is resampled like a full decode and clamped at the end of the file")
    func clampedAndResampled() throws {
        let path = TestAudio.fixture("tempo/click_120bpm.wav")
        let excerpt = try AudioDecoder.decodeMono(
            path: path,
            options: DecodingOptions(sampleRate: 11025, excerpt: Excerpt(startSeconds: 8, durationSeconds: 30)))
        #expect(excerpt.samples.count == 2 * 11025)
    }

    @Test("a centred excerpt sits in the middle, or covers a short file whole")
    func centered() {
        #expect(Excerpt.centered(durationSeconds: 30, inFileOf: 180) == Excerpt(startSeconds: 75, durationSeconds: 30))
        #expect(Excerpt.centered(durationSeconds: 30, inFileOf: 10) == Excerpt(startSeconds: 0, durationSeconds: 10))
    }

    @Test("an excerpt past the end is an invalid request naming the file")
    func pastTheEnd() {
        let path = TestAudio.fixture("tempo/click_120bpm.wav")
        #expect(throws: AudioError.self) {
            try AudioDecoder.decodeMono(
                path: path, options: DecodingOptions(excerpt: Excerpt(startSeconds: 60, durationSeconds: 5)))
        }
        do {
            _ = try AudioDecoder.decodeMono(
                path: path, options: DecodingOptions(excerpt: Excerpt(startSeconds: 60, durationSeconds: 5)))
        } catch {
            #expect(error.code == .invalidRequest)
            #expect(error.description.contains("click_120bpm.wav"))
        }
    }
}
