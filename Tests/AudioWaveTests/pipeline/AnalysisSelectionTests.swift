import Foundation
import Testing

@testable import AudioWave

@Suite("Choosing the analyses (--only)")
struct AnalysisSelectionTests {
    /// A configuration that streams the whole file (5 s excerpt of the 8–10 s fixtures, no early exit),
    /// so that both the excerpt and the full-track paths run.
    static func configuration(_ analyses: Set<Analysis>) -> AnalysisConfiguration {
        var configuration = AnalysisConfiguration(excerptSeconds: 5, analyses: analyses)
        configuration.engine.earlyTerminationOnQuality = false
        return configuration
    }

    static func report(_ fixture: String, _ analyses: Set<Analysis>) async throws -> AnalysisReport {
        let analyzer = try AudioAnalyzer(configuration: configuration(analyses))
        return await analyzer.analyze(path: TestAudio.fixture(fixture), relativePath: fixture)
    }

    @Test(
        "tempo and key alone equal those of the full analysis; loudness and features are null",
        arguments: ["formats/song_d_major_120bpm.mp3", "key/chords_a_minor_100bpm.wav", "tempo/click_174bpm.wav"])
    func tempoAndKeyOnly(fixture: String) async throws {
        let full = try await Self.report(fixture, Analysis.all)
        let lean = try await Self.report(fixture, [.tempo, .key])
        #expect(lean.status == .ok)
        #expect(lean.tempo != nil && lean.tempo == full.tempo)
        #expect(lean.key == full.key && lean.keyUnavailableReason == full.keyUnavailableReason)
        // Metronome clicks hold no key (see KeyTonalityTests); the other fixtures do.
        #expect((lean.key == nil) == fixture.hasPrefix("tempo/"))
        #expect(lean.loudness == nil && lean.features == nil)
        #expect(full.loudness != nil && full.features != nil)
        #expect(lean.analyses == [.tempo, .key])
        #expect(full.analyses == Analysis.allCases)
        #expect(lean.configHash != full.configHash, "a tempo-and-key report must not satisfy --resume of a full run")
    }

    @Test("loudness alone: the same loudness, no STFT results, tempo and key 'not requested'")
    func loudnessOnly() async throws {
        let fixture = "formats/song_d_major_120bpm.flac"
        let full = try await Self.report(fixture, Analysis.all)
        let loudness = try await Self.report(fixture, [.loudness])
        #expect(loudness.status == .ok)
        #expect(loudness.loudness != nil && loudness.loudness == full.loudness)
        #expect(loudness.tempo == nil && loudness.tempoUnavailableReason == "not requested")
        #expect(loudness.key == nil && loudness.keyUnavailableReason == "not requested")
        #expect(loudness.features == nil)
    }

    @Test("in-memory samples honour the selection too")
    func inMemory() async throws {
        let samples = ClickAudio.render(clicks: ClickAudio.clickTimes(bpm: 120, seconds: 12), seconds: 12)
        let analyzer = try AudioAnalyzer(configuration: Self.configuration([.tempo]))
        let report = await analyzer.analyze(samples: samples, sampleRate: 22050, name: "clicks")
        #expect(report.status == .ok)
        #expect(abs((report.tempo?.bpm ?? 0) - 120) <= 1.2)
        #expect(report.key == nil && report.keyUnavailableReason == "not requested")
        #expect(report.loudness == nil && report.features == nil)
    }

    @Test("lists parse, unknown names and an empty selection are rejected naming the field")
    func parsing() throws {
        #expect(try Analysis.parseList("tempo, KEY") == [.tempo, .key])
        #expect(throws: AnalysisConfigurationError.self) { try Analysis.parseList("tempo,bpm") }
        #expect(throws: AnalysisConfigurationError.self) { try Analysis.parseList("") }
        do {
            try AnalysisConfiguration(analyses: []).validate()
            Issue.record("an empty selection validated")
        } catch let error as AnalysisConfigurationError {
            #expect(error.field == "analyses")
        }
    }

    @Test(
        "the onset-and-chroma scope gives the same onset envelope, RMS and key chroma as the full extraction, in memory and streamed",
        arguments: [1, 4])
    func featureScope(tuningFrameStride: Int) throws {
        var configuration = FeatureConfiguration()
        configuration.tuningFrameStride = tuningFrameStride
        let extractor = try FeatureExtractor(configuration: configuration)
        let samples = FeatureStreamTests.signal()
        let all = extractor.summarizedFeatures(samples: samples, scope: .all)
        let lean = extractor.summarizedFeatures(samples: samples, scope: .onsetAndChroma)
        #expect(lean.summaries == nil && all.summaries != nil)
        #expect(lean.onsetEnvelope == all.onsetEnvelope && lean.rms == all.rms)
        // Both keep the chroma of the frames the key reads only; the full scope's chroma mean and deviation
        // still cover every frame, to the bit.
        #expect(lean.chroma == all.chroma && lean.chroma.frameCount == (all.frameCount + 3) / 4)
        let whole = extractor.extract(samples: samples)
        #expect(all.chroma == whole.chroma.everyFrame(FeatureScope.keyFrameStride))
        #expect(all.summaries?.chromaMean == whole.summaries().chromaMean)
        #expect(all.summaries?.chromaStd == whole.summaries().chromaStd)
        #expect(lean.keyChroma.chroma == all.keyChroma.chroma && lean.keyChroma.weights == all.keyChroma.weights)
        #expect(lean.keyChroma.chroma == lean.chroma && lean.keyChroma.weights.count == lean.chroma.frameCount)
        // The tuning settles at frame 37 (not a multiple of the stride), mid-stream.
        let stream = SummaryFeatureStream(
            extractor: extractor, tuningFrameLimit: 37, lookaheadFrames: 16, scope: .onsetAndChroma)
        let reference = SummaryFeatureStream(extractor: extractor, tuningFrameLimit: 37, lookaheadFrames: 16)
        for start in stride(from: 0, to: samples.count, by: 3000) {
            let block = Array(samples[start..<min(samples.count, start + 3000)])
            stream.add(samples: block)
            reference.add(samples: block)
        }
        let (streamed, expected) = (stream.finish(), reference.finish())
        #expect(streamed.summaries == nil)
        #expect(
            streamed.onsetEnvelope == expected.onsetEnvelope && streamed.keyChroma.chroma == expected.keyChroma.chroma)
        #expect(streamed.rms == expected.rms && streamed.frameCount == expected.frameCount)
        #expect(streamed.chroma.frameCount == (expected.frameCount + 3) / 4)
    }

    @Test("the pipeline's tuning is voted by every 4th frame, and a stride below 1 is rejected")
    func tuningStride() throws {
        #expect(AnalysisConfiguration().features.tuningFrameStride == FeatureScope.keyFrameStride)
        var configuration = FeatureConfiguration()
        configuration.tuningFrameStride = 0
        #expect(throws: DSPError.self) { try configuration.validate() }
        let decoded = try JSONDecoder().decode(
            FeatureConfiguration.self, from: Data(#"{"tuning_frame_stride": 4}"#.utf8))
        #expect(decoded.tuningFrameStride == 4 && FeatureConfiguration().tuningFrameStride == 1)
    }
}
