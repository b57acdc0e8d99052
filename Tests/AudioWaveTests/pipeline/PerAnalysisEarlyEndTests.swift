import Foundation
import Testing

@testable import AudioWave

/// Tempo and key end early on their own (issue 16, item 3): an analysis confident on the excerpt keeps that
/// estimate (`scope: excerpt`) while the full pass does only the other's work.
@Suite("per-analysis early end")
struct PerAnalysisEarlyEndTests {
    /// 90 s of the 120 BPM click fixture: a tempo the excerpt is sure of, and no key at all.
    static func longClicks() throws -> String {
        let (samples, sampleRate) = try TestAudio.looped("tempo/click_120bpm.wav", times: 9)
        let folder = try TestAudio.temporaryDirectory()
        return try TestAudio.writeWAV(
            samples, sampleRate: sampleRate, to: folder.appendingPathComponent("clicks_90s.wav"))
    }

    static func analyze(_ path: String, earlyExit: Bool) async throws -> AnalysisReport {
        var configuration = AnalysisConfiguration(analyses: [.tempo, .key])
        configuration.engine.earlyTerminationOnQuality = earlyExit
        return try await AudioAnalyzer(configuration: configuration).analyze(path: path)
    }

    @Test("a confident tempo ends on the excerpt while the key is still estimated on the whole file")
    func tempoSettlesKeyContinues() async throws {
        let path = try Self.longClicks()
        let progressive = try await Self.analyze(path, earlyExit: true)
        let full = try await Self.analyze(path, earlyExit: false)
        let tempo = try #require(progressive.tempo)
        try #require(tempo.confidence >= 0.95, "the click track must be confident for this test to mean anything")
        // Not the engine's early exit: the key (none: clicks) was not confident, so the file went on.
        #expect(progressive.earlyExit == nil)
        #expect(progressive.analysisScope == .full)
        #expect(tempo.scope == .excerpt)
        #expect(full.tempo?.scope == .full)
        #expect(abs(tempo.bpm - 120) < 1 && abs((full.tempo?.bpm ?? 0) - 120) < 1)
        // The key's answer came from the full pass, the same as without the early end.
        #expect(progressive.key == nil && full.key == nil)
        #expect(progressive.keyUnavailableReason == full.keyUnavailableReason)
        #expect(progressive.keyUnavailableReason != nil)
        // The beats of the excerpt only: none outside its 30 s.
        let excerptEnd = 60.0 + 1
        #expect(tempo.beats.allSatisfy { $0 >= 29 && $0 <= excerptEnd })
    }

    @Test("without the quality gate nothing settles: every estimate is the whole file's")
    func noGateNoSettling() async throws {
        let full = try await Self.analyze(try Self.longClicks(), earlyExit: false)
        #expect(full.tempo?.scope == .full)
        #expect((full.tempo?.beats.last ?? 0) > 85)
    }
}
