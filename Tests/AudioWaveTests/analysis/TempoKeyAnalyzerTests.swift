import Foundation
import Testing

@testable import AudioWave
@testable import AudioWaveAnalysis

@Suite("Tempo and key on the fixtures")
struct TempoKeyAnalyzerTests {
    static let analyzer: TempoKeyAnalyzer? = try? TempoKeyAnalyzer()

    @Test(
        "metronome fixtures give their BPM within 1% and beats within 30 ms of the clicks", arguments: [90.0, 120, 128])
    func metronome(bpm: Double) throws {
        let analyzer = try #require(Self.analyzer)
        let analysis = try analyzer.analyze(path: TestAudio.fixture("tempo/click_\(Int(bpm))bpm.wav"))
        let tempo = try #require(analysis.tempo)
        #expect(abs(tempo.bpm - bpm) <= 0.01 * bpm, "estimated \(tempo.bpm)")
        // The fixture's clicks are at k × 60/BPM s from 0.
        for beat in tempo.beats {
            let phase = (beat + analysis.startSeconds) / (60 / bpm)
            #expect(abs(phase - phase.rounded()) * 60 / bpm <= 0.030, "beat at \(beat) s")
        }
        #expect(tempo.beats.count >= Int(analysis.durationSeconds * bpm / 60) - 3)
    }

    @Test(
        "the synthetic chord fixtures give their key and tempo",
        arguments: [
            ("chords_c_major_120bpm", "C major", 120.0), ("chords_a_minor_100bpm", "A minor", 100),
            ("chords_g_major_110bpm", "G major", 110), ("chords_e_minor_96bpm", "E minor", 96),
            ("chords_fs_minor_128bpm", "F# minor", 128), ("chords_ds_major_90bpm", "D# major", 90),
        ])
    func chords(file: String, key: String, bpm: Double) throws {
        let analyzer = try #require(Self.analyzer)
        let analysis = try analyzer.analyze(path: TestAudio.fixture("key/\(file).wav"))
        #expect(analysis.key?.name == key)
        let tempo = try #require(analysis.tempo)
        #expect(TempoAccuracy.isACC1(estimate: tempo.bpm, reference: bpm), "estimated \(tempo.bpm)")
    }

    @Test("silence gives neither tempo nor key")
    func silence() throws {
        let analyzer = try #require(Self.analyzer)
        let analysis = try analyzer.analyze(path: TestAudio.fixture("silence/silence_3s.wav"), span: .wholeFile)
        #expect(analysis.tempo == nil)
        #expect(analysis.key == nil)
    }

    @Test("the excerpt span starts in the middle of a longer file")
    func excerptSpan() throws {
        let analyzer = try #require(Self.analyzer)
        let analysis = try analyzer.analyze(
            path: TestAudio.fixture("tempo/click_120bpm.wav"), span: .centredExcerpt(durationSeconds: 4))
        #expect(abs(analysis.startSeconds - 3) < 0.01)
        #expect(abs(analysis.durationSeconds - 4) < 0.05)
    }

    @Test("the fixtures' truth table evaluates with full ACC2 and every unambiguous key right")
    func fixtureTruthTable() async throws {
        let analyzer = try #require(Self.analyzer)
        let entries = try TruthTable.load(from: TestAudio.fixtures.appendingPathComponent("truth.csv"))
        let report = await Evaluation.run(entries: entries) { entry in
            let analysis = try analyzer.analyze(path: entry.url.path)
            return FileEstimate(tempo: analysis.tempo, key: analysis.key)
        }
        #expect(report.totals.errors == 0)
        #expect(report.totals.acc2 == 1)
        #expect(report.totals.acc1 == 1)
        #expect(report.rows.filter { $0.keyMatch != nil && $0.keyMatch != .correct }.map(\.path) == [])
        #expect(report.totals.tempoCalibration.accuracy == 1)
        #expect(report.totals.keyCalibration.accuracy == 1)
    }
}
