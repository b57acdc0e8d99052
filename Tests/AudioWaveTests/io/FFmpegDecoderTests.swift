import Foundation
import Testing

@testable import AudioWave
@testable import AudioWaveIO

/// A fixture of `fixtures/ffmpeg/` (scripts/make_format_fixtures.sh: 4 s of the D major, 120 BPM piece) and what
/// its probe must say.
struct EncodedFixture: Sendable, CustomStringConvertible {
    var name: String
    var decoder: DecoderLibrary
    var container: String
    var codec: String
    var sampleRate: Int
    var channels: Int

    var path: String { TestAudio.fixture("ffmpeg/" + name) }
    var description: String { name }

    static let all = [
        EncodedFixture(
            name: "song_d_major_120bpm_aac.m4a", decoder: .ffmpeg, container: "mp4", codec: "aac", sampleRate: 44100,
            channels: 2),
        EncodedFixture(
            name: "song_d_major_120bpm_alac.m4a", decoder: .ffmpeg, container: "mp4", codec: "alac",
            sampleRate: 22050, channels: 1),
        // libsndfile reads Ogg Opus itself: FFmpeg is never asked.
        EncodedFixture(
            name: "song_d_major_120bpm.opus", decoder: .libsndfile, container: "ogg", codec: "opus",
            sampleRate: 48000, channels: 2),
        EncodedFixture(
            name: "song_d_major_120bpm_opus.webm", decoder: .ffmpeg, container: "matroska", codec: "opus",
            sampleRate: 48000, channels: 2),
        // Written as a live stream (no duration in the header): the length comes from the packets' timestamps.
        EncodedFixture(
            name: "song_d_major_120bpm_vorbis_stream.webm", decoder: .ffmpeg, container: "matroska", codec: "vorbis",
            sampleRate: 44100, channels: 2),
        EncodedFixture(
            name: "song_d_major_120bpm.wma", decoder: .ffmpeg, container: "asf", codec: "wmav2", sampleRate: 44100,
            channels: 2),
        EncodedFixture(
            name: "song_d_major_120bpm.ac3", decoder: .ffmpeg, container: "ac3", codec: "ac3", sampleRate: 44100,
            channels: 2),
        EncodedFixture(
            name: "song_d_major_120bpm.wv", decoder: .ffmpeg, container: "wv", codec: "wavpack", sampleRate: 22050,
            channels: 1),
    ]
}

/// The typed error of `body`, nil when it did not throw.
private func error(of body: () throws(AudioError) -> Void) -> AudioError? {
    do {
        try body()
        return nil
    } catch {
        return error
    }
}

@Suite("Decoding with FFmpeg where libsndfile cannot")
struct FFmpegDecoderTests {
    @Test(
        "each encoded fixture probes with its decoder, container, codec, rate, channels and 4 s",
        arguments: EncodedFixture.all)
    func probe(fixture: EncodedFixture) throws {
        let properties = try AudioDecoder.probe(path: fixture.path)
        #expect(properties.decoder == fixture.decoder)
        #expect(properties.container == fixture.container)
        #expect(properties.encodingCode == fixture.codec)
        #expect(properties.sampleRate == fixture.sampleRate)
        #expect(properties.channelCount == fixture.channels)
        // Containers state the length to the millisecond (WebM) or with the encoder's padding (ASF: 39 ms).
        #expect(abs(properties.durationSeconds - 4) < 0.05, "\(properties.durationSeconds) s")
    }

    @Test(
        "each encoded fixture decodes to 4 s within one codec frame, finite and audible", arguments: EncodedFixture.all)
    func decode(fixture: EncodedFixture) throws {
        let decoded = try AudioDecoder.decodeMono(path: fixture.path, options: DecodingOptions(sampleRate: nil))
        #expect(decoded.sampleRate == fixture.sampleRate)
        // WMA's 2048-sample frames are the longest here: the encoder drops part of the last one.
        #expect(abs(decoded.samples.count - 4 * fixture.sampleRate) <= 2048, "\(decoded.samples.count) samples")
        #expect(decoded.samples.allSatisfy { $0.isFinite && abs($0) <= 1.01 })
        #expect(decoded.samples.contains { abs($0) > 0.1 })
    }

    @Test("each encoded fixture holds the same music as the WAV it was encoded from", arguments: EncodedFixture.all)
    func sameMusic(fixture: EncodedFixture) throws {
        let reference = try AudioDecoder.decodeMono(
            path: TestAudio.fixture("formats/song_d_major_120bpm.wav"),
            options: DecodingOptions(excerpt: Excerpt(startSeconds: 2, durationSeconds: 4)))
        let decoded = try AudioDecoder.decodeMono(path: fixture.path)
        let energy = { (x: ArraySlice<Float>) in x.reduce(0) { $0 + Double($1 * $1) } }
        let count = min(reference.samples.count, decoded.samples.count) - 2048
        let ratio = energy(decoded.samples[0..<count]) / energy(reference.samples[0..<count])
        #expect(ratio > 0.85 && ratio < 1.15, "energy ratio \(ratio)")
    }

    @Test(
        "an excerpt holds the same samples as the same span of a full decode",
        arguments: EncodedFixture.all.filter { $0.decoder == .ffmpeg })
    func excerpt(fixture: EncodedFixture) throws {
        let native = DecodingOptions(sampleRate: nil)
        let full = try AudioDecoder.decodeMono(path: fixture.path, options: native)
        var options = native
        options.excerpt = Excerpt(startSeconds: 1.5, durationSeconds: 2)
        let excerpt = try AudioDecoder.decodeMono(path: fixture.path, options: options)
        let rate = full.sampleRate
        let start = rate * 3 / 2
        #expect(excerpt.samples.count == 2 * rate)
        let span = full.samples[start..<(start + 2 * rate)]
        let difference = zip(span, excerpt.samples).map { abs($0 - $1) }.max() ?? 1
        #expect(difference == 0, "max difference \(difference)")
    }

    @Test("an M4A excerpt is reached by seeking, and matches the full decode exactly wherever it starts")
    func m4aSeeks() throws {
        for name in ["song_d_major_120bpm_aac.m4a", "song_d_major_120bpm_alac.m4a"] {
            let path = TestAudio.fixture("ffmpeg/" + name)
            #expect(try AudioDecoder.probe(path: path).isSeekable, "\(name)")
            let full = try AudioDecoder.decodeMono(path: path, options: DecodingOptions(sampleRate: nil))
            let rate = Double(full.sampleRate)
            for start in [0.01, 0.5, 1, 2.25, 3.9] {
                let excerpt = try AudioDecoder.decodeMono(
                    path: path,
                    options: DecodingOptions(sampleRate: nil, excerpt: Excerpt(startSeconds: start, durationSeconds: 1))
                )
                let first = Int((start * rate).rounded())
                let expected = full.samples[first..<min(full.samples.count, first + Int(rate))]
                #expect(excerpt.samples.count == expected.count, "\(name) at \(start) s")
                let difference = zip(expected, excerpt.samples).map { abs($0 - $1) }.max() ?? 1
                #expect(difference == 0, "\(name) at \(start) s: max difference \(difference)")
            }
        }
    }

    @Test("decoding at the analysis rate goes through the same resampler as libsndfile's files")
    func resampled() throws {
        let path = TestAudio.fixture("ffmpeg/song_d_major_120bpm_opus.webm")
        let decoded = try AudioDecoder.decodeMono(path: path)
        #expect(decoded.sampleRate == 22050)
        #expect(abs(decoded.samples.count - 4 * 22050) <= 1)
    }

    @Test("a decode asked to stop stops between blocks with cancelled, naming the file")
    func cancellation() {
        let path = TestAudio.fixture("ffmpeg/song_d_major_120bpm_aac.m4a")
        var asked = 0
        var delivered = 0
        let failure = error { () throws(AudioError) in
            try AudioDecoder.streamMono(
                path: path, options: DecodingOptions(sampleRate: nil, blockFrames: 4096),
                isCancelled: {
                    asked += 1
                    return asked > 2
                },
                onSamples: { _ in delivered += 1 })
        }
        #expect(failure?.code == .cancelled)
        #expect(failure?.reason.contains("8192 of 176400") == true, "\(String(describing: failure))")
        #expect(delivered == 2)
    }

    @Test("files opened from many threads at once each decode to their own samples")
    func concurrentOpens() async throws {
        let paths = EncodedFixture.all.map(\.path)
        let expected = try paths.map { try AudioDecoder.decodeMono(path: $0).samples.count }
        let counts = try await withThrowingTaskGroup(of: (Int, Int).self) { group in
            for round in 0..<4 {
                for (index, path) in paths.enumerated() {
                    group.addTask {
                        _ = round
                        return (index, try AudioDecoder.decodeMono(path: path).samples.count)
                    }
                }
            }
            var seen: [(Int, Int)] = []
            for try await result in group { seen.append(result) }
            return seen
        }
        #expect(counts.count == 4 * paths.count)
        #expect(counts.allSatisfy { expected[$0.0] == $0.1 })
    }
}
