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
        // libsndfile itself refuses some of these; either way it is a typed error, never a crash.
        #expect(error?.code == .invalidHeader || error?.code == .unsupportedFormat, "\(String(describing: error))")
        #expect(error?.description.contains("odd.wav") == true)
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
