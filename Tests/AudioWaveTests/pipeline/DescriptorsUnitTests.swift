import Foundation
import Testing

@testable import AudioWave

@Suite("Descriptors unit in the pipeline")
struct DescriptorsUnitTests {
    @Test("a 120 BPM click track: 2 onsets per second, beats loudness from the tracked beats, the whole file as span")
    func onClickTrack() async throws {
        let analyzer = try AudioAnalyzer()
        let report = await analyzer.analyze(
            samples: clickTrack(bpm: 120, seconds: 12, sampleRate: 22050), sampleRate: 22050, name: "clicks")
        let descriptors = try #require(report.descriptors)
        #expect(descriptors.scope == .full && descriptors.startSeconds == 0)
        #expect(abs(descriptors.durationSeconds - 12) < 0.01)
        let rate = try #require(descriptors.onsetRate)
        #expect(abs(rate - 2) < 0.2)
        #expect(descriptors.danceability.map { $0 > 0 } == true)
        #expect(descriptors.dynamicComplexity.map { $0 > 0 } == true, "clicks and silence between them: dynamic")
        let ratios = try #require(descriptors.beatsLoudnessBandRatio)
        #expect(ratios.count == 5)
        // The 1 kHz clicks put their beat energy in the 400-3200 Hz band.
        #expect(ratios.indices.max { ratios[$0] < ratios[$1] } == 2)
        #expect(report.analyses?.contains(.descriptors) == true)
    }

    @Test("without tempo there are no beats to weigh, the other descriptors stay; a silent file gets none")
    func selectionAndSilence() async throws {
        let lean = try AudioAnalyzer(configuration: AnalysisConfiguration(analyses: [.descriptors]))
        let report = await lean.analyze(
            samples: clickTrack(bpm: 100, seconds: 8, sampleRate: 22050), sampleRate: 22050, name: "clicks")
        let descriptors = try #require(report.descriptors)
        #expect(descriptors.beatsLoudness == nil && descriptors.beatsLoudnessBandRatio == nil)
        #expect(descriptors.onsetRate != nil && descriptors.danceability != nil)
        #expect(report.tempo == nil && report.features == nil)

        let silent = await lean.analyze(
            samples: [Float](repeating: 0, count: 22050 * 4), sampleRate: 22050, name: "silence")
        #expect(silent.isSilent && silent.descriptors == nil)
    }

    @Test(
        "with the quality gate off a longer file is decoded once: the descriptors of the kept excerpt match the excerpt pass's"
    )
    func keptExcerptWithoutGate() async throws {
        let samples = clickTrack(bpm: 120, seconds: 40, sampleRate: 22050)
        var gated = AnalysisConfiguration(excerptSeconds: 10)
        gated.engine.qualityThreshold = 1  // the excerpt pass runs and nothing ends on it
        var ungated = AnalysisConfiguration(excerptSeconds: 10)
        ungated.engine.earlyTerminationOnQuality = false
        let withPass = await (try AudioAnalyzer(configuration: gated)).analyze(
            samples: samples, sampleRate: 22050, name: "clicks")
        let kept = await (try AudioAnalyzer(configuration: ungated)).analyze(
            samples: samples, sampleRate: 22050, name: "clicks")
        let a = try #require(withPass.descriptors)
        let b = try #require(kept.descriptors)
        #expect(b.scope == .excerpt && b.startSeconds == 15 && abs(b.durationSeconds - 10) < 0.01)
        #expect(a.scope == b.scope && a.startSeconds == b.startSeconds && a.durationSeconds == b.durationSeconds)
        for (x, y) in [
            (a.onsetRate, b.onsetRate), (a.danceability, b.danceability), (a.beatsLoudness, b.beatsLoudness),
        ] {
            let x = try #require(x)
            let y = try #require(y)
            #expect(abs(x - y) <= 0.02 * abs(x), "\(x) vs \(y)")
        }
        #expect(kept.tempo.map { abs($0.bpm - 120) < 1 } == true)
    }
}
