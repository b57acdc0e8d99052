import Foundation
import Testing

@testable import AudioWave
@testable import AudioWaveIO

/// What each good fixture's header must say: (path, container, sample rate, channels, duration s).
private let goodFixtures: [(String, String, Int, Int, Double)] = [
    ("tempo/click_90bpm.wav", "wav", 22050, 1, 10),
    ("tempo/click_120bpm.wav", "wav", 22050, 1, 10),
    ("tempo/click_128bpm.wav", "wav", 22050, 1, 10),
    ("tempo/click_174bpm.wav", "wav", 22050, 1, 10),
    ("key/chords_c_major_120bpm.wav", "wav", 22050, 1, 10),
    ("key/chords_a_minor_100bpm.wav", "wav", 22050, 1, 10),
    ("key/chords_g_major_110bpm.wav", "wav", 22050, 1, 10),
    ("key/chords_e_minor_96bpm.wav", "wav", 22050, 1, 10),
    ("key/chords_fs_minor_128bpm.wav", "wav", 22050, 1, 10),
    ("key/chords_ds_major_90bpm.wav", "wav", 22050, 1, 10),
    ("formats/song_d_major_120bpm.wav", "wav", 44100, 2, 8),
    ("formats/song_d_major_120bpm.flac", "flac", 44100, 2, 8),
    ("formats/song_d_major_120bpm.ogg", "ogg", 44100, 2, 8),
    ("formats/song_d_major_120bpm.mp3", "mp3", 44100, 2, 8),  // the encoder pads ~58 ms
    ("formats/song_d_major_120bpm.aiff", "aiff", 22050, 2, 8),
    ("rates/song_d_major_120bpm_mono_8k.wav", "wav", 8000, 1, 8),
    ("rates/song_d_major_120bpm_mono_96k.wav", "wav", 96000, 1, 8),
    ("silence/silence_3s.wav", "wav", 22050, 1, 3),
]

@Suite("Decoding with libsndfile")
struct AudioDecoderTests {
    @Test("every good fixture probes with its container, rate, channels and duration", arguments: goodFixtures)
    func probe(fixture: (String, String, Int, Int, Double)) throws {
        let properties = try AudioDecoder.probe(path: TestAudio.fixture(fixture.0))
        #expect(properties.container == fixture.1)
        #expect(properties.sampleRate == fixture.2)
        #expect(properties.channelCount == fixture.3)
        #expect(abs(properties.durationSeconds - fixture.4) < 0.1)
        #expect(properties.fileSizeBytes > 0)
    }

    @Test("every good fixture decodes to mono at 22050 Hz with the right length", arguments: goodFixtures)
    func decode(fixture: (String, String, Int, Int, Double)) throws {
        let decoded = try AudioDecoder.decodeMono(path: TestAudio.fixture(fixture.0))
        #expect(decoded.sampleRate == 22050)
        let expected = Double(decoded.properties.frameCount) * 22050 / Double(fixture.2)
        // libsndfile estimates an MP3's frame count; the decoded stream may be up to two MPEG frames shorter.
        let tolerance = fixture.1 == "mp3" ? 2.0 * 1152 * 22050 / Double(fixture.2) : 1
        #expect(abs(Double(decoded.samples.count) - expected) <= tolerance)
        #expect(decoded.samples.allSatisfy { $0.isFinite && abs($0) <= 1.01 })
        if !fixture.0.hasPrefix("silence") {
            #expect(decoded.samples.contains { abs($0) > 0.1 })
        }
    }

    @Test("the native rate is kept when no analysis rate is asked for")
    func nativeRate() throws {
        let decoded = try AudioDecoder.decodeMono(
            path: TestAudio.fixture("formats/song_d_major_120bpm.flac"), options: DecodingOptions(sampleRate: nil))
        #expect(decoded.sampleRate == 44100)
        #expect(decoded.samples.count == 352_800)
    }

    @Test("stereo is downmixed by averaging the channels")
    func downmix() throws {
        let directory = try TestAudio.temporaryDirectory()
        let interleaved: [Float] = (0..<2000).flatMap { _ in [Float(0.5), Float(-0.25)] }
        let path = try TestAudio.writeWAV(
            interleaved, sampleRate: 8000, channels: 2, encoding: .float32,
            to: directory.appendingPathComponent("stereo.wav"))
        let decoded = try AudioDecoder.decodeMono(path: path, options: DecodingOptions(sampleRate: nil))
        #expect(decoded.samples.count == 2000)
        #expect(decoded.samples.allSatisfy { abs($0 - 0.125) < 1e-6 })
    }

    @Test("the format fixtures decode to the same music whatever the container")
    func formatsAgree() throws {
        let reference = try AudioDecoder.decodeMono(path: TestAudio.fixture("formats/song_d_major_120bpm.wav")).samples
        for ext in ["flac", "ogg", "mp3"] {
            let other = try AudioDecoder.decodeMono(path: TestAudio.fixture("formats/song_d_major_120bpm.\(ext)"))
                .samples
            let energy = { (x: ArraySlice<Float>) in x.reduce(0) { $0 + Double($1 * $1) } }
            let ratio = energy(other[0..<100_000]) / energy(reference[0..<100_000])
            #expect(ratio > 0.9 && ratio < 1.1, "\(ext): energy ratio \(ratio)")
        }
    }
}
