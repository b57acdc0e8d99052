import Foundation
import Testing

@testable import AudioWave
@testable import AudioWaveIO

/// The typed error of probing and of decoding `path` (nil where it succeeded).
private func errors(_ path: String) -> (probe: AudioError?, decode: AudioError?) {
    func failure(_ body: () throws(AudioError) -> Void) -> AudioError? {
        do {
            try body()
            return nil
        } catch {
            return error
        }
    }
    return (
        failure { () throws(AudioError) in _ = try AudioDecoder.probe(path: path) },
        failure { () throws(AudioError) in _ = try AudioDecoder.decodeMono(path: path) }
    )
}

/// Writes the first `fraction` of a fixture's bytes to `name` in `directory`.
private func cut(
    _ fixture: String, to fraction: Double, as name: String, in directory: TemporaryDirectory
) throws
    -> String
{
    let data = try TestAudio.fixtureData(fixture)
    let url = directory.file(name)
    try data.prefix(Int(Double(data.count) * fraction)).write(to: url)
    return url.path
}

@Suite("Bad input for FFmpeg gets a typed error naming the file")
struct FFmpegBadInputTests {
    @Test("an M4A cut short with its index first decodes its prefix and says truncated")
    func truncatedWithIndex() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try cut("ffmpeg/song_d_major_120bpm_aac.m4a", to: 0.6, as: "cut.m4a", in: directory)
        let found = errors(path)
        #expect(found.probe == nil, "the header is whole: \(String(describing: found.probe))")
        #expect(found.decode?.code == .truncated)
        #expect(found.decode?.path == path)
        #expect(
            found.decode?.reason.contains("header says 176400 frames") == true, "\(String(describing: found.decode))")
        var delivered = 0
        do {
            try AudioDecoder.streamMono(path: path, options: DecodingOptions(sampleRate: nil)) { delivered += $0.count }
        } catch {
            #expect(error.code == .truncated)
        }
        #expect(delivered > 44100 && delivered < 176400, "the prefix is decoded: \(delivered) samples")
    }

    @Test("an M4A cut short with its index last fails the probe as truncated, saying which box runs past the end")
    func truncatedWithoutIndex() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        // The ALAC fixture has its `moov` box after the audio (ffmpeg's default).
        let path = try cut("ffmpeg/song_d_major_120bpm_alac.m4a", to: 0.5, as: "cut.m4a", in: directory)
        let found = errors(path)
        for error in [found.probe, found.decode] {
            #expect(error?.code == .truncated)
            #expect(error?.description.contains("cut.m4a") == true)
            #expect(error?.reason.contains("'mdat'") == true, "\(String(describing: error))")
        }
    }

    @Test("a WebM cut short decodes its prefix and says truncated; an Ogg Opus cut in its header too")
    func otherContainersCutShort() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try cut("ffmpeg/song_d_major_120bpm_opus.webm", to: 0.5, as: "cut.webm", in: directory)
        #expect(errors(path).probe == nil)
        #expect(errors(path).decode?.code == .truncated, "\(String(describing: errors(path).decode))")
        // libsndfile finds the Ogg Opus malformed; FFmpeg recognises it and meets the end inside its header.
        let header = try cut("ffmpeg/song_d_major_120bpm.opus", to: 0.005, as: "header.opus", in: directory)
        let error = errors(header).probe
        #expect(error?.code == .truncated, "\(String(describing: error))")
        #expect(error?.reason.contains("ends inside its header") == true)
    }

    @Test(
        "garbage named like an FFmpeg format is unsupported_format, with both decoders' reasons",
        arguments: ["garbage.m4a", "garbage.wma", "garbage.webm", "garbage.mp3"])
    func garbage(name: String) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<30_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let url = directory.file(name)
        try Data(bytes).write(to: url)
        for error in [errors(url.path).probe, errors(url.path).decode] {
            #expect(error?.code == .unsupportedFormat)
            #expect(error?.path == url.path)
            #expect(error?.reason.contains("libsndfile: ") == true && error?.reason.contains("FFmpeg") == true)
        }
        let text = try directory.write("not audio at all, only words\n", to: "text.m4a")
        let error = errors(text.path).probe
        #expect(error?.code == .unsupportedFormat)
        #expect(error?.reason.contains("neither decoder reads it (libsndfile: Format not recognised.") == true)
    }

    @Test("an MP3 behind 3 KB of zeros, which libsndfile refuses, is decoded by FFmpeg")
    func mp3LibsndfileRefuses() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let mp3 = try TestAudio.fixtureData("formats/song_d_major_120bpm.mp3")
        let url = directory.file("padded.mp3")
        try (Data(count: 3000) + mp3).write(to: url)
        let decoded = try AudioDecoder.decodeMono(path: url.path)
        #expect(decoded.properties.decoder == .ffmpeg)
        #expect(decoded.properties.container == "mp3")
        #expect(abs(decoded.durationSeconds - 8.05) < 0.1, "\(decoded.durationSeconds) s")
    }

    @Test("an MPEG file without a complete frame stays truncated, as libsndfile found")
    func mpegWithoutFrame() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try cut("formats/song_d_major_120bpm.mp3", to: 100.0 / 193_097, as: "stub.mp3", in: directory)
        #expect(errors(path).probe?.code == .truncated)
    }

    @Test("the MP4 box walk finds boxes past the end and a missing index, and leaves other files alone")
    func boxWalk() {
        func box(_ type: String, _ size: Int) -> [UInt8] {
            [UInt8(size >> 24 & 255), UInt8(size >> 16 & 255), UInt8(size >> 8 & 255), UInt8(size & 255)]
                + Array(type.utf8) + [UInt8](repeating: 0, count: max(0, size - 8))
        }
        func problem(_ bytes: [UInt8]) -> String? {
            FFmpegOpenFailure.boxProblem(length: Int64(bytes.count)) { offset, count in
                Array(bytes[Int(offset)..<min(bytes.count, Int(offset) + count)])
            }
        }
        #expect(problem(box("ftyp", 24) + box("moov", 100) + box("mdat", 1000)) == nil)
        #expect(
            problem(box("ftyp", 24) + box("moov", 100) + Array(box("mdat", 1000).prefix(500)))?.contains("'mdat'")
                == true)
        #expect(problem(box("ftyp", 24) + box("mdat", 1000))?.contains("no 'moov' box") == true)
        #expect(problem(box("ftyp", 24) + box("moov", 100) + [0, 0, 0])?.contains("box header") == true)
        #expect(
            problem(box("ftyp", 24) + [0, 0, 0, 16, 0xC7, 0xB4, 0x01, 0x6E] + [UInt8](repeating: 0, count: 8))?
                .contains("damaged at byte 24: no box type there (bytes C7B4016E)") == true)
        #expect(problem(Array("RIFF....WAVEfmt ".utf8) + [UInt8](repeating: 0, count: 100)) == nil)
        #expect(problem(Array("hello\n".utf8)) == nil, "shorter than a box header: not an MP4 file")
    }
}
