import Foundation
import Testing

@testable import AudioWave

/// A file the quality gate ends after its excerpt still gets the whole file's loudness, unless
/// `loudnessFromExcerpt` asks for the excerpt's (issue 16, item 3).
@Suite("loudness of files that end early")
struct LoudnessScopeTests {
    /// 90 s of the 120 BPM click fixture: the first and last thirds 3× louder than the middle, where the
    /// 30-s excerpt lies, so the excerpt's loudness is not the file's.
    static func unevenClicks() throws -> String {
        var (samples, sampleRate) = try TestAudio.looped("tempo/click_120bpm.wav", times: 9)
        let third = samples.count / 3
        for index in samples.indices where index < third || index >= 2 * third {
            samples[index] = max(-1, min(1, 3 * samples[index]))
        }
        let folder = try TestAudio.temporaryDirectory()
        return try TestAudio.writeWAV(
            samples, sampleRate: sampleRate, to: folder.appendingPathComponent("uneven.wav"))
    }

    static func analyze(_ path: String, earlyExit: Bool, fromExcerpt: Bool) async throws -> AnalysisReport {
        var configuration = AnalysisConfiguration(analyses: [.tempo, .loudness])
        configuration.engine.earlyTerminationOnQuality = earlyExit
        configuration.loudnessFromExcerpt = fromExcerpt
        return try await AudioAnalyzer(configuration: configuration).analyze(path: path)
    }

    @Test("an early exit reports the whole file's loudness (scope full), equal to the full analysis's")
    func wholeFileOnEarlyExit() async throws {
        let path = try Self.unevenClicks()
        let early = try await Self.analyze(path, earlyExit: true, fromExcerpt: false)
        let full = try await Self.analyze(path, earlyExit: false, fromExcerpt: false)
        try #require(early.earlyExit != nil, "the click track must end early for this test to mean anything")
        #expect(full.earlyExit == nil)
        let earlyLUFS = try #require(early.loudness?.integratedLUFS)
        let fullLUFS = try #require(full.loudness?.integratedLUFS)
        #expect(abs(earlyLUFS - fullLUFS) < 1e-9, "\(earlyLUFS) vs \(fullLUFS)")
        #expect(early.loudness?.scope == .full && full.loudness?.scope == .full)
        #expect(early.loudness?.rangeLU == full.loudness?.rangeLU)
    }

    @Test("with loudnessFromExcerpt the excerpt's loudness is reported, marked scope excerpt, and it differs")
    func excerptWhenAsked() async throws {
        let path = try Self.unevenClicks()
        let excerpt = try await Self.analyze(path, earlyExit: true, fromExcerpt: true)
        let full = try await Self.analyze(path, earlyExit: false, fromExcerpt: false)
        #expect(excerpt.loudness?.scope == .excerpt)
        let excerptLUFS = try #require(excerpt.loudness?.integratedLUFS)
        let fullLUFS = try #require(full.loudness?.integratedLUFS)
        #expect(fullLUFS - excerptLUFS > 3, "the louder outer thirds must show: \(fullLUFS) vs \(excerptLUFS)")
        #expect(excerpt.configHash != full.configHash, "the opt-in changes results, so it changes the hash")
    }
}
