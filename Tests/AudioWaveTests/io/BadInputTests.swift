import Foundation
import Testing

@testable import AudioWave
@testable import AudioWaveIO

/// Decodes `path` and returns the typed error, or nil when it decoded.
private func decodingError(_ path: String) -> AudioError? {
    do {
        _ = try AudioDecoder.decodeMono(path: path)
        return nil
    } catch {
        return error
    }
}

private func probeError(_ path: String) -> AudioError? {
    do {
        _ = try AudioDecoder.probe(path: path)
        return nil
    } catch {
        return error
    }
}

@Suite("Bad input gets a typed error naming the file")
struct BadInputTests {
    @Test(
        "each bad fixture fails probe and decode with its code",
        arguments: [
            ("bad/empty.wav", AudioError.Code.empty),
            ("bad/not_audio.wav", .unsupportedFormat),
            ("bad/truncated.wav", .truncated),
        ])
    func badFixtures(fixture: (String, AudioError.Code)) {
        let path = TestAudio.fixture(fixture.0)
        for error in [probeError(path), decodingError(path)] {
            #expect(error?.code == fixture.1)
            #expect(error?.description.contains(fixture.0) == true, "\(String(describing: error))")
        }
    }

    @Test("the unsupported-format error keeps libsndfile's own message")
    func libsndfileMessage() {
        let error = probeError(TestAudio.fixture("bad/not_audio.wav"))
        #expect(error?.reason.contains("Format not recognised") == true)
    }

    @Test("a missing file is not_found; a directory is unreadable")
    func missingAndDirectory() throws {
        #expect(probeError("/nonexistent/dir/take3.wav")?.code == .notFound)
        #expect(probeError(try TestAudio.temporaryDirectory().path)?.code == .unreadable)
    }

    @Test("an unreadable file is permission_denied", .enabled(if: getuid() != 0, "root reads every file"))
    func permissionDenied() throws {
        let url = try TestAudio.temporaryDirectory().appendingPathComponent("locked.wav")
        try TestAudio.writeWAV([0, 0.1, 0.2], sampleRate: 8000, to: url)
        try FileManager.default.setAttributes([.posixPermissions: 0o000], ofItemAtPath: url.path)
        #expect(probeError(url.path)?.code == .permissionDenied)
    }

    @Test("NaN and infinite samples are rejected with the frame they are at", arguments: [Float.nan, .infinity])
    func nonFinite(value: Float) throws {
        var samples = TestAudio.sine(frequencyHz: 440, sampleRate: 8000, seconds: 1)
        samples[4321] = value
        let path = try TestAudio.writeWAV(
            samples, sampleRate: 8000, encoding: .float32,
            to: TestAudio.temporaryDirectory().appendingPathComponent("nan.wav"))
        let error = decodingError(path)
        #expect(error?.code == .nonFiniteSamples)
        #expect(error?.reason.contains("4321") == true)
    }

    @Test(
        "absurd header values are refused before decoding",
        arguments: [
            (UInt32(1_000_000), UInt16(1)), (UInt32(0), UInt16(1)), (UInt32(8000), UInt16(100)),
            (UInt32(8000), UInt16(0)),
        ])
    func absurdHeader(header: (UInt32, UInt16)) throws {
        let path = try TestAudio.writeWAV(
            [Float](repeating: 0.1, count: 8000), sampleRate: 8000,
            to: TestAudio.temporaryDirectory().appendingPathComponent("odd.wav"),
            headerSampleRate: header.0, headerChannels: header.1)
        let error = probeError(path)
        // libsndfile itself refuses 0 Hz and 0 channels ("SF_INFO struct incomplete"): the reason is the header's.
        #expect(error?.code == .invalidHeader, "\(String(describing: error))")
        let reason = header.0 == 8000 ? "\(header.1) channels" : "sample rate \(header.0) Hz"
        #expect(error?.reason.hasPrefix(reason) == true, "\(String(describing: error))")
        #expect(error?.description.contains("odd.wav") == true)
    }

    @Test("a truncated Ogg stream is truncated, not a seek to frame 4.6 × 10¹⁸", arguments: [true, false])
    func truncatedOgg(decode: Bool) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let url = directory.file("cut.ogg")
        try TestAudio.fixtureData("formats/song_d_major_120bpm.ogg").prefix(30_000)
            .write(to: url)
        let error =
            decode
            ? decodingError(url.path)
            : probeError(url.path)
        #expect(error?.code == .truncated, "\(String(describing: error))")
        #expect(error?.reason.contains("cut short") == true, "\(String(describing: error))")
        #expect(error?.reason.contains("461168601") == false)
    }

    @Test("a header claiming more frames than its bytes can hold is an invalid header")
    func framesBeyondFileSize() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        // The FLAC fixture cut to 4 KB, its STREAMINFO total-samples field (the low 36 bits of bytes 18...25) all ones.
        var bytes = [UInt8](
            try TestAudio.fixtureData("formats/song_d_major_120bpm.flac").prefix(
                4096))
        bytes[21] |= 0x0F
        for index in 22...25 { bytes[index] = 0xFF }
        let url = directory.file("liar.flac")
        try Data(bytes).write(to: url)
        let error = probeError(url.path)
        #expect(error?.code == .invalidHeader, "\(String(describing: error))")
        #expect(
            error?.reason
                == "header says 68719476735 frames, more than its 4096 bytes can hold (at most 65536 frames per byte)")
    }

    @Test("an MP3 cut after 100 bytes is truncated, not 'does not exist or is not a regular file'")
    func tinyMP3() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let url = directory.file("cut.mp3")
        try TestAudio.fixtureData("formats/song_d_major_120bpm.mp3").prefix(100)
            .write(to: url)
        let error = probeError(url.path)
        #expect(error?.code == .truncated, "\(String(describing: error))")
        #expect(error?.reason == "MPEG audio whose 100 bytes hold no complete frame: the file is cut short or damaged")
    }

    @Test("OpenFailure: libsndfile's misleading messages become the header's reason")
    func openFailureClassification() {
        let log = "File : x.wav\nfmt  : 16\n  Channels      : 2\n  Sample Rate   : 0\n Sample rate :   0\n"
        let zero = OpenFailure.error(
            path: "x.wav", message: "Internal error : SF_INFO struct incomplete.", log: log, length: 80,
            leadingBytes: Array("RIFF".utf8))
        #expect(zero == AudioError(.invalidHeader, path: "x.wav", reason: "sample rate 0 Hz is outside 1000...768000"))
        let notMP3 = OpenFailure.error(
            path: "x.mp3", message: "File does not exist or is not a regular file (possibly a pipe?).", log: "",
            length: 5, leadingBytes: Array("hell".utf8))
        #expect(notMP3.code == .unsupportedFormat)
        #expect(!notMP3.reason.contains("does not exist"))
        let id3 = OpenFailure.error(
            path: "x.mp3", message: "File exists but no data could be read.", log: "", length: 90,
            leadingBytes: Array("ID3\u{4}".utf8))
        #expect(id3.code == .truncated)
        let other = OpenFailure.error(
            path: "x.ogg", message: "Supported file format but file is malformed.", log: "  Channels : 2", length: 100,
            leadingBytes: Array("OggS".utf8))
        #expect(
            other
                == AudioError(.unsupportedFormat, path: "x.ogg", reason: "Supported file format but file is malformed.")
        )
    }

    @Test("a WAV whose data ends early is truncated even when only the data chunk is short")
    func truncatedCrafted() throws {
        let url = try TestAudio.temporaryDirectory().appendingPathComponent("cut.wav")
        try TestAudio.writeWAV(
            TestAudio.sine(frequencyHz: 440, sampleRate: 8000, seconds: 2), sampleRate: 8000, to: url)
        let data = try Data(contentsOf: url)
        try data.prefix(44 + 8000).write(to: url)
        let error = decodingError(url.path)
        #expect(error?.code == .truncated)
        #expect(
            error?.description == "\(url.path): truncated: header says 32000 bytes of audio data, the file holds 8000")
    }
}
