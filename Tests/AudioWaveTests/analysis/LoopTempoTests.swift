import AudioWave
import Foundation
import Testing

@testable import AudioWaveAnalysis
@testable import AudioWaveDSP

@Suite("Loop tempo")
struct LoopTempoTests {
    /// One bar of 4/4 at `bpm` cut at its bar lines: kick on 1 and the "and" of 2, snare on 2 and 4, closed hats on
    /// the eighths (seeded noise), at 22050 Hz.
    static func drumBar(bpm: Double, sampleRate: Double = 22050) -> [Float] {
        let beat = 60 / bpm
        var samples = [Float](repeating: 0, count: Int((4 * beat * sampleRate).rounded()))
        var generator = SplitMix(seed: 5)
        func add(at seconds: Double, length: Double, _ sound: (Double) -> Double) {
            let start = Int((seconds * sampleRate).rounded())
            for index in 0..<Int(length * sampleRate) where start + index < samples.count {
                samples[start + index] += Float(sound(Double(index) / sampleRate))
            }
        }
        for time in [0, 1.5] {
            add(at: time * beat, length: 0.3) { t in 0.8 * sin(2 * .pi * (50 + 80 * exp(-t * 30)) * t) * exp(-t * 12) }
        }
        for time in [1.0, 3.0] {
            add(at: time * beat, length: 0.2) { t in 0.5 * (generator.nextUnit() - 0.5) * exp(-t * 25) }
        }
        for eighth in 0..<8 {
            add(at: Double(eighth) * beat / 2, length: 0.05) { t in 0.2 * (generator.nextUnit() - 0.5) * exp(-t * 80) }
        }
        return samples
    }

    @Test("a length holds whole bars at a tempo, within 2%")
    func wholeBars() {
        #expect(LoopTempo.holdsWholeBars(seconds: 2.4, bpm: 100))  // 4 beats
        #expect(LoopTempo.holdsWholeBars(seconds: 2.4, bpm: 150))  // 6 beats: two bars of 3/4
        #expect(LoopTempo.holdsWholeBars(seconds: 2.4, bpm: 101.9))
        #expect(!LoopTempo.holdsWholeBars(seconds: 2.4, bpm: 133.3))  // 5.3 beats
        #expect(!LoopTempo.holdsWholeBars(seconds: 2.4, bpm: 125))  // 5 beats: no bar line
    }

    @Test("a one-bar loop read at a tempo that does not fit it is read again looped: 100 BPM, one bar of beats")
    func loopReplacesAMisfit() throws {
        let bar = Self.drumBar(bpm: 100)
        let extractor = try FeatureExtractor()
        let misfit = TempoEstimate(bpm: 133.7, confidence: 0.8, beats: [0.1, 0.55, 1.0, 1.45, 1.9], candidates: [])
        let reading = try #require(
            LoopTempo.reading(of: bar, alone: misfit, extractor: extractor, estimator: TempoEstimator()))
        #expect(abs(reading.bpm / 100 - 1) <= 0.02, "read \(reading.bpm)")
        #expect(reading.beats.count == 4, "beats \(reading.beats)")
        #expect(reading.beats.allSatisfy { $0 >= 0 && $0 < 2.4 })
        #expect((reading.beats.first ?? 1) < 0.05, "the bar line is a beat: \(reading.beats)")
    }

    /// One bar of a real recording: `bpm`'s four beats from the first sample above a tenth of the peak.
    static func realBar(_ name: String, bpm: Double) throws -> [Float]? {
        guard let folder = TestAudio.evalDev else { return nil }
        let path = folder.appendingPathComponent("audio/\(name)").path
        let decoded = try AudioDecoder.decodeMono(path: path, options: DecodingOptions(sampleRate: 22050))
        let peak = decoded.samples.map(abs).max() ?? 0
        guard let first = decoded.samples.firstIndex(where: { abs($0) > 0.1 * peak }) else { return nil }
        let count = Int((4 * 60 / bpm * 22050).rounded())
        return Array(decoded.samples[first..<min(decoded.samples.count, first + count)])
    }

    @Test(
        "the whole chain reads a bar of a real song at its tempo, which the bar read once does not give",
        .enabled(if: TestAudio.evalDev != nil))
    func analyzerReadsTheLoop() throws {
        let analyzer = try TempoKeyAnalyzer()
        let bar = try #require(try Self.realBar("fnf-vskyle__step-up.mp3", bpm: 100))
        let alone = analyzer.tempoEstimator.estimate(
            onsetEnvelope: analyzer.features.onsetEnvelope(samples: bar), sampleRate: 22050, hopLength: 512)
        let tempo = try #require(analyzer.analyze(samples: bar).tempo)
        #expect(abs(tempo.bpm / 100 - 1) <= 0.02, "read \(tempo.bpm)")
        #expect(alone.map { abs($0.bpm / 100 - 1) > 0.04 } ?? true, "read once: \(alone?.bpm ?? 0)")
    }

    @Test("a reading that fits the file, a long file and no reading are kept as they are")
    func otherReadingsStay() throws {
        let extractor = try FeatureExtractor()
        let estimator = TempoEstimator()
        let bar = Self.drumBar(bpm: 100)
        let fitting = TempoEstimate(bpm: 200, confidence: 0.5, beats: [], candidates: [])  // 8 beats
        #expect(LoopTempo.reading(of: bar, alone: fitting, extractor: extractor, estimator: estimator) == fitting)
        #expect(LoopTempo.reading(of: bar, alone: nil, extractor: extractor, estimator: estimator) == nil)
        let long = Array([[Float]](repeating: bar, count: 6).joined())  // 14.4 s: read alone
        let misfit = TempoEstimate(bpm: 133.7, confidence: 0.8, beats: [], candidates: [])
        #expect(LoopTempo.reading(of: long, alone: misfit, extractor: extractor, estimator: estimator) == misfit)
    }
}
