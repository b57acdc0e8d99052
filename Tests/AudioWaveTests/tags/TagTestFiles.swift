import Foundation
import Testing

@testable import AudioWave
@testable import AudioWaveTags

/// The files tag tests write into (copies in a temporary folder), and reports to write from.
enum TagTestFiles {
    /// A tag format's test file: where it comes from, and what its tags hold before any test.
    struct Sample: Sendable, CustomTestStringConvertible {
        /// The file name of the copy.
        var name: String
        /// The source, absolute.
        var source: String
        /// The format TagLib writes into.
        var format: TagFormat
        /// The BPM the file's tag holds before the test, as TagLib reads it.
        var previousBPM: String?
        /// A tag (upper-cased, as `IndependentTagReader.ffprobeTags` reads it) and its value that writing must keep.
        var kept: (key: String, value: String)?

        var testDescription: String { name }
    }

    static func resource(_ name: String) -> String {
        TestAudio.packageRoot.appendingPathComponent("Tests/AudioWaveTests/Resources/tags/\(name)").path
    }

    static let mp3 = Sample(
        name: "song.mp3", source: TestAudio.fixture("formats/song_d_major_120bpm.mp3"), format: .id3v2)
    static let mp3v23 = Sample(
        name: "v23.mp3", source: resource("tags-id3v23.mp3"), format: .id3v2, previousBPM: "119",
        kept: ("TITLE", "AudioWave tags fixture"))
    static let flac = Sample(
        name: "song.flac", source: TestAudio.fixture("formats/song_d_major_120bpm.flac"), format: .vorbisComment,
        kept: ("COMMENT", "Processed by SoX"))
    static let ogg = Sample(
        name: "song.ogg", source: TestAudio.fixture("formats/song_d_major_120bpm.ogg"), format: .vorbisComment,
        kept: ("COMMENT", "Processed by SoX"))
    static let opus = Sample(
        name: "song.opus", source: resource("tags-song.opus"), format: .vorbisComment,
        kept: ("TITLE", "AudioWave tags fixture"))
    static let m4a = Sample(
        name: "song.m4a", source: resource("tags-song.m4a"), format: .mp4, kept: ("TITLE", "AudioWave tags fixture"))

    /// One file per tag format (and ID3v2.3 beside 2.4).
    static let all = [mp3, mp3v23, flac, ogg, opus, m4a]

    /// A copy of `source` named `name` in `directory`.
    static func copy(_ source: String, named name: String, into directory: TemporaryDirectory) throws -> String {
        let target = directory.file(name)
        try FileManager.default.copyItem(at: URL(fileURLWithPath: source), to: target)
        return target.path
    }

    /// A successful report of 127.6 BPM and F# minor (Camelot 11A, Open Key 4m) with the given confidences.
    static func report(
        bpm: Double = 127.6, tempoConfidence: Double = 0.9, keyConfidence: Double = 0.8,
        status: ReportStatus = .ok, source: SourceFacts? = nil
    ) -> AnalysisReport {
        AnalysisReport(
            relativePath: "song", status: status, source: source,
            tempo: TempoReport(bpm: bpm, confidence: tempoConfidence, beats: [], candidates: []),
            key: KeyReport(
                name: "F# minor", tonic: "F#", mode: .minor, camelot: "11A", openKey: "4m", tuningCents: 0,
                confidence: keyConfidence, candidates: []),
            configHash: "0123456789abcdef")
    }

    /// The BPM and key TagLib reads back from `path`.
    static func readBack(_ path: String) throws -> (bpm: String?, key: String?) {
        let file = try #require(try TagFile.open(path))
        return (file.value(of: .bpm), file.value(of: .key))
    }

    /// Whether a file without write permission really cannot be written here: false for root with
    /// CAP_DAC_OVERRIDE, true for other users and under `setpriv --bounding-set -dac_override`.
    static let permissionsHold: Bool = {
        guard let directory = try? TemporaryDirectory() else { return false }
        defer { directory.remove() }
        guard let file = try? directory.write("x", to: "locked") else { return false }
        chmod(file.path, 0o444)
        let descriptor = open(file.path, O_WRONLY)
        if descriptor >= 0 { close(descriptor) }
        return descriptor < 0
    }()

    /// Every sample of the file at its native rate and on all its channels, as libsndfile decodes it.
    static func decodedSamples(_ path: String) throws -> [Float] {
        var samples: [Float] = []
        _ = try AudioDecoder.decodeMono(
            path: path, options: DecodingOptions(sampleRate: nil),
            nativeBlockObserver: { block, _, _ in samples.append(contentsOf: block) })
        return samples
    }
}
