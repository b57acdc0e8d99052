import Foundation
import Testing

@testable import AudioWave
@testable import AudioWaveAnalysis

@Suite("Evaluation metrics")
struct EvaluationMetricsTests {
    @Test("60 against a reference of 120 counts for ACC2, not ACC1")
    func halfTempo() {
        #expect(!TempoAccuracy.isACC1(estimate: 60, reference: 120))
        #expect(TempoAccuracy.isACC2(estimate: 60, reference: 120))
    }

    @Test(
        "ACC1 allows 4% either way and no more",
        arguments: [(124.8, true), (115.2, true), (125.0, false), (114.9, false)])
    func tolerance(estimate: Double, expected: Bool) {
        #expect(TempoAccuracy.isACC1(estimate: estimate, reference: 120) == expected)
    }

    @Test(
        "ACC2 forgives ×2, ×3, ×½ and ×⅓ but not ×3/2",
        arguments: [(240.0, true), (360.0, true), (40.0, true), (180.0, false), (80.0, false)])
    func octaveErrors(estimate: Double, expected: Bool) {
        #expect(TempoAccuracy.isACC2(estimate: estimate, reference: 120) == expected)
    }

    @Test(
        "MIREX key categories and weights",
        arguments: [
            ("C major", "C major", KeyMatch.correct, 1.0),
            ("A minor", "C major", .relative, 0.3),
            ("C major", "A minor", .relative, 0.3),
            ("G major", "C major", .fifth, 0.5),
            ("F major", "C major", .fifth, 0.5),
            ("E minor", "A minor", .fifth, 0.5),
            ("C minor", "C major", .parallel, 0.2),
            ("G minor", "C major", .other, 0.0),
            ("D major", "C major", .other, 0.0),
        ])
    func keyScore(estimate: String, reference: String, match: KeyMatch, score: Double) throws {
        let result = KeyMatch(
            estimate: MusicalKey(parsing: estimate), reference: try #require(MusicalKey(parsing: reference)))
        #expect(result == match)
        #expect(result.score == score)
    }

    @Test("a missing key estimate scores as other")
    func missingKey() {
        #expect(KeyMatch(estimate: nil, reference: MusicalKey(tonic: 0, mode: .major)) == .other)
    }

    @Test(
        "tempo error classes against 120 BPM",
        arguments: [
            (121.0, nil), (240.0, TempoErrorClass.double), (61.0, .half), (355.0, .triple), (40.5, .third),
            (180.0, .other), (80.0, .other), (250.0, .other),
        ] as [(Double, TempoErrorClass?)])
    func tempoErrors(estimate: Double, expected: TempoErrorClass?) {
        #expect(TempoErrorClass(estimate: estimate, reference: 120) == expected)
    }

    @Test("a null tempo or key for a labelled file is its own error class, 'none'")
    func missingEstimates() throws {
        #expect(TempoErrorClass(estimate: nil, reference: 120) == .missing)
        #expect(TempoErrorClass.missing.rawValue == "none")
        let reference = try #require(MusicalKey(parsing: "C major"))
        #expect(KeyErrorClass(estimate: nil, reference: reference) == .missing)
        #expect(KeyErrorClass(estimate: reference, reference: reference) == nil)
        #expect(KeyErrorClass(estimate: MusicalKey(parsing: "G major"), reference: reference) == .fifth)
        #expect(KeyErrorClass(estimate: MusicalKey(parsing: "A minor"), reference: reference) == .relative)
        #expect(KeyErrorClass(estimate: MusicalKey(parsing: "C minor"), reference: reference) == .parallel)
        #expect(KeyErrorClass(estimate: MusicalKey(parsing: "D major"), reference: reference) == .other)
    }

    @Test("the reliability table bins by confidence, closes the last bin at 1 and keeps unrated items apart")
    func reliability() {
        let table = ReliabilityTable(items: [
            (0.1, false), (0.19, true), (0.2, true), (0.5, false), (0.94, true), (0.95, true), (1.0, false),
            (1.2, true),
            (-0.1, false), (nil, false),
        ])
        #expect(table.bins.map(\.lower) == [0, 0.2, 0.4, 0.6, 0.8, 0.95])
        #expect(table.bins.map(\.count) == [3, 1, 1, 0, 1, 3])
        #expect(table.bins.map(\.right) == [1, 1, 0, 0, 1, 2])
        #expect(table.bins[3].accuracy == nil && table.bins[3].meanConfidence == nil)
        #expect(table.bins[5].accuracy == 2.0 / 3)
        #expect(abs((table.bins[0].meanConfidence ?? 0) - 0.19 / 3) < 1e-12)
        #expect(table.unrated == 1)
        #expect(table.labels.first == "[0.00, 0.20)" && table.labels.last == "[0.95, 1.00]")
    }
}

@Suite("Evaluation runs")
struct EvaluationRunTests {
    static let csv = """
        path,bpm,key,source
        a.wav,120,,x
        "b, quoted.wav",,A minor,y
        c.wav,90,C major,z

        /abs/d.wav,100,F# minor,
        """

    @Test("the truth CSV resolves paths against its folder and keeps empty labels empty")
    func parsesTruth() throws {
        let entries = try TruthTable.parse(Self.csv, base: URL(fileURLWithPath: "/data/set"))
        #expect(entries.count == 4)
        #expect(entries[0].url.path == "/data/set/a.wav")
        #expect(entries[0].bpm == 120 && entries[0].key == nil)
        #expect(entries.map(\.source) == ["x", "y", "z", nil])
        #expect(entries[1].path == "b, quoted.wav")
        #expect(entries[1].bpm == nil && entries[1].key == MusicalKey(tonic: 9, mode: .minor))
        #expect(entries[3].url.path == "/abs/d.wav")
    }

    @Test(
        "a bad label is an error naming the line",
        arguments: ["path,bpm,key\na.wav,fast,\n", "path,bpm,key\na.wav,,Q major\n", "file,bpm\na.wav,1\n"])
    func rejectsBadRows(text: String) {
        #expect {
            try TruthTable.parse(text, base: URL(fileURLWithPath: "/"), csvPath: "t.csv")
        } throws: { error in
            guard let error = error as? EvaluationError else { return false }
            return error.code == .malformed && error.description.hasPrefix("t.csv: malformed: line ")
        }
    }

    @Test("a missing CSV is unreadable, naming the file")
    func missingFile() {
        #expect {
            try TruthTable.load(from: URL(fileURLWithPath: "/nonexistent/truth.csv"))
        } throws: { error in
            (error as? EvaluationError)?.code == .unreadable && "\(error)".contains("/nonexistent/truth.csv")
        }
    }

    @Test("totals, category counts and calibration come from the caller's estimates; errors become rows")
    func totals() async throws {
        let entries = try TruthTable.parse(Self.csv, base: URL(fileURLWithPath: "/data"))
        struct Failure: Error {}
        let report = await Evaluation.run(entries: entries) { entry in
            switch entry.path {
            case "a.wav": return FileEstimate(bpm: 60, tempoConfidence: 0.99)
            case "b, quoted.wav": return FileEstimate(key: MusicalKey(tonic: 0, mode: .major), keyConfidence: 0.5)
            case "c.wav":
                return FileEstimate(
                    bpm: 90.5, tempoConfidence: 0.97, key: MusicalKey(tonic: 0, mode: .major), keyConfidence: 0.96)
            default: throw Failure()
            }
        }
        let totals = report.totals
        #expect(totals.files == 4 && totals.errors == 1)
        #expect(totals.tempoFiles == 3)
        #expect(abs(totals.acc1 - 1.0 / 3) < 1e-12)
        #expect(abs(totals.acc2 - 2.0 / 3) < 1e-12)
        #expect(totals.keyFiles == 3)
        #expect(abs(totals.keyScore - (0.3 + 1.0 + 0) / 3) < 1e-12)
        #expect(totals.keyCounts[.correct] == 1 && totals.keyCounts[.relative] == 1 && totals.keyCounts[.other] == 1)
        #expect(totals.tempoCalibration.confidentCount == 2)
        #expect(totals.tempoCalibration.accuracy == 0.5)
        #expect(abs(totals.tempoCalibration.share - 2.0 / 3) < 1e-12)
        #expect(totals.keyCalibration.confidentCount == 1 && totals.keyCalibration.accuracy == 1)
        #expect(report.rows[3].error != nil)

        let text = report.renderText(includingRows: true)
        #expect(text.contains("ACC1 0.333, ACC2 0.667"))
        #expect(text.contains("MIREX score 0.433 (correct 1, fifth 0, relative 1, parallel 0, other 1)"))
        // a.wav read 60 for 120 (×½); b's key is relative; d failed, so its tempo and key are "none".
        #expect(totals.tempoErrors == [.double: 0, .half: 1, .triple: 0, .third: 0, .other: 0, .missing: 1])
        #expect(totals.keyErrors == [.fifth: 0, .relative: 1, .parallel: 0, .other: 0, .missing: 1])
        #expect(report.rows[0].tempoError == .half && report.rows[2].tempoError == nil)
        #expect(text.contains("tempo errors: ×2 0, ×½ 1, ×3 0, ×⅓ 0, other 0, none 1"))
        #expect(text.contains("key errors: fifth 0, relative 1, parallel 0, other 0, none 1"))
        // Reliability: tempo confidences 0.99 (wrong) and 0.97 (right) in the top bin, d unrated.
        #expect(totals.tempoReliability.bins.last?.count == 2 && totals.tempoReliability.bins.last?.right == 1)
        #expect(totals.tempoReliability.unrated == 1)
        #expect(totals.keyReliability.bins[2].count == 1 && totals.keyReliability.bins[2].right == 0)
        #expect(text.contains("[0.95, 1.00]     2  0.500      1  1.000"), "\(text)")
        // Per source: d has no source and is grouped as "-".
        #expect(totals.bySource.map(\.source) == ["-", "x", "y", "z"])
        let z = try #require(totals.bySource.last)
        #expect(z.files == 1 && z.acc1 == 1 && z.keyScore == 1 && z.tempoCalibration.confidentCount == 1)
        #expect(totals.bySource[1].acc1 == 0 && totals.bySource[1].acc2 == 1 && totals.bySource[1].keyScore == nil)
        #expect(text.contains("x           1      1  0.000  1.000      0      -"), "\(text)")

        let json = try JSONSerialization.jsonObject(with: report.renderJSON()) as? [String: Any]
        let jsonTotals = json?["totals"] as? [String: Any]
        #expect((jsonTotals?["key_counts"] as? [String: Int])?["relative"] == 1)
        #expect((jsonTotals?["tempo_errors"] as? [String: Int])?["none"] == 1)
        #expect((jsonTotals?["key_errors"] as? [String: Int])?["relative"] == 1)
        let bins = (jsonTotals?["tempo_reliability"] as? [String: Any])?["bins"] as? [[String: Any]]
        #expect(bins?.count == 6 && bins?.last?["right"] as? Int == 1)
        #expect((jsonTotals?["by_source"] as? [[String: Any]])?.first?["source"] as? String == "-")
        let firstRow = (json?["rows"] as? [[String: Any]])?.first
        #expect(firstRow?["estimated_bpm"] as? Double == 60)
        #expect(firstRow?["tempo_error"] as? String == "half" && firstRow?["source"] as? String == "x")
    }

    @Test("a file with no tempo and no key (say, a drum loop with no key) is wrong, class none, with the reason")
    func unavailableEstimates() async throws {
        let entries = try TruthTable.parse("path,bpm,key\nloop.wav,120,C major\n", base: URL(fileURLWithPath: "/data"))
        let report = await Evaluation.run(entries: entries) { _ in
            FileEstimate(
                bpm: 120, tempoConfidence: 0.9, tempoUnavailableReason: "ignored: there is a tempo",
                keyUnavailableReason: "no tonal content")
        }
        let row = try #require(report.rows.first)
        #expect(row.acc1 == true && row.tempoError == nil && row.tempoUnavailableReason == nil)
        #expect(row.keyMatch == .other && row.keyScore == 0 && row.keyError == .missing)
        #expect(row.keyUnavailableReason == "no tonal content")
        #expect(report.totals.keyErrors[.missing] == 1 && report.totals.keyReliability.unrated == 1)
        #expect(report.totals.keyCalibration.confidentCount == 0)
        #expect(
            report.renderText(includingRows: true).contains("key none (no tonal content) (ref C major, other, conf -)"))
        let json = try JSONSerialization.jsonObject(with: report.renderJSON()) as? [String: Any]
        let jsonRow = (json?["rows"] as? [[String: Any]])?.first
        #expect(
            jsonRow?["key_error"] as? String == "none"
                && jsonRow?["key_unavailable_reason"] as? String == "no tonal content")
    }

    @Test("without a source column there is no per-source breakdown")
    func noSources() async throws {
        let entries = try TruthTable.parse("path,bpm\na.wav,120\n", base: URL(fileURLWithPath: "/data"))
        let report = await Evaluation.run(entries: entries) { _ in FileEstimate(bpm: 120, tempoConfidence: 0.5) }
        #expect(report.totals.bySource.isEmpty)
        #expect(!report.renderText().contains("source"))
    }
}
