import Foundation
import Testing

@testable import AudioWaveAnalysis

/// Keeps ``TempoLevelModel``'s constants in step with the committed feature dumps that
/// `scripts/fit_tempo_levels.py` fits them from (`scripts/data/`, written by `audiowave-bench tempo-levels` and
/// `scripts/compact_tempo_dump.py`: numbers only, no audio).
///
/// Each dumped level carries the utility and each file the confidence the estimator computed with the constants
/// of the day. If the weights or the calibration in the source change without the dumps being made again (and
/// the documented fit run on them, `docs/tempo.md`), these tests fail. The other direction, that the script
/// fitted on these dumps returns the constants, needs numpy and is `fit_tempo_levels.py --swift … --check-swift`.
@Suite("TempoLevelModel constants and the committed dumps")
struct TempoLevelModelSyncTests {
    struct Level: Decodable {
        var features: [Double]
        var utility: Double
        var refinedBPM: Double
        var regularity: Double
    }

    struct Estimate: Decodable {
        var bpm: Double
        var confidence: Double
    }

    struct Trace: Decodable {
        var families: [[Level]]
        var sharp_peaks: [[Double]]
        var periodicity: Double
        var estimate: Estimate?
    }

    struct Line: Decodable {
        var path: String
        var trace: Trace?
    }

    static let dumps = ["tempo-levels-eval-dev.jsonl", "tempo-levels-stress.jsonl", "tempo-levels-fixtures.jsonl"]

    static func lines(_ name: String) throws -> [Line] {
        let url = TestAudio.packageRoot.appendingPathComponent("scripts/data").appendingPathComponent(name)
        let text = try String(contentsOf: url, encoding: .utf8)
        let decoder = JSONDecoder()
        return try text.split(separator: "\n").map { try decoder.decode(Line.self, from: Data($0.utf8)) }
    }

    @Test("one weight per feature; five calibration coefficients")
    func shapes() {
        #expect(TempoLevelModel.weights.count == TempoLevelModel.featureNames.count)
        #expect(TempoLevelModel.calibration.count == 5)
    }

    @Test("the source's weights give every dumped level's utility", arguments: dumps)
    func utilities(dump: String) throws {
        let lines = try Self.lines(dump)
        #expect(lines.count > 10)
        var levels = 0
        for line in lines {
            for level in (line.trace?.families ?? []).joined() {
                #expect(level.features.count == TempoLevelModel.featureNames.count, "\(line.path)")
                let utility = TempoLevelModel.utility(level.features)
                #expect(abs(utility - level.utility) <= 1e-6 * max(1, abs(level.utility)), "\(line.path)")
                levels += 1
            }
        }
        #expect(levels > 2 * lines.count)
    }

    @Test("the source's calibration gives every dumped confidence", arguments: dumps)
    func confidences(dump: String) throws {
        var checked = 0
        for line in try Self.lines(dump) {
            guard let trace = line.trace, let estimate = trace.estimate else { continue }
            // The reported level: the best of its family, at the reported (0.1-BPM) tempo.
            let chosen = trace.families.lazy.compactMap { family -> (Level, Double)? in
                guard let best = family.max(by: { $0.utility < $1.utility }),
                    abs((best.refinedBPM * 10).rounded() / 10 - estimate.bpm) < 1e-6
                else { return nil }
                let probability = 1 / family.reduce(0) { $0 + exp($1.utility - best.utility) }
                return (best, probability)
            }.first
            guard let (level, probability) = chosen else {
                Issue.record("\(line.path): no dumped level at the reported \(estimate.bpm) BPM")
                continue
            }
            let peaks = trace.sharp_peaks.compactMap { $0.count == 2 ? (bpm: $0[0], strength: $0[1]) : nil }
            let rival = peaks.first { !TempoEstimator.isMetricallyRelated($0.bpm, level.refinedBPM) }
            let reference = peaks.first { TempoEstimator.isMetricallyRelated($0.bpm, level.refinedBPM) }?.strength ?? 0
            let dominance = reference > 0 ? max(0, 1 - (rival.map { $0.strength / reference } ?? 0)) : 0
            let confidence = TempoLevelModel.confidence(
                levelProbability: probability, regularity: level.regularity, dominance: dominance,
                periodicity: trace.periodicity)
            #expect(abs(confidence - estimate.confidence) <= 1e-5, "\(line.path)")
            checked += 1
        }
        #expect(checked > 10)
    }
}
