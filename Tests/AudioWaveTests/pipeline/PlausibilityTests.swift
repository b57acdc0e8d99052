import Foundation
import Testing

@testable import AudioWave

@Suite("impossible measurements and decoder garbage are kept out of reports")
struct PlausibilityTests {
    /// Writes a float WAV of `samples` into a fresh folder and analyses it.
    private func analyze(
        _ samples: [Float], sampleRate: Int = 44100, channels: Int = 1, analyses: Set<Analysis> = Set(Analysis.allCases)
    ) async throws -> AnalysisReport {
        let folder = try TestAudio.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try TestAudio.writeWAV(
            samples, sampleRate: sampleRate, channels: channels, encoding: .float32,
            to: folder.appendingPathComponent("input.wav"))
        var configuration = AnalysisConfiguration()
        configuration.analyses = analyses
        return await (try AudioAnalyzer(configuration: configuration)).analyze(path: path, relativePath: "input.wav")
    }

    private func chords(seconds: Double = 6) -> [Float] {
        let a = TestAudio.sine(frequencyHz: 220, sampleRate: 44100, seconds: seconds, amplitude: 0.3)
        let e = TestAudio.sine(frequencyHz: 329.63, sampleRate: 44100, seconds: seconds, amplitude: 0.2)
        let clicks = clickTrack(bpm: 120, seconds: seconds, sampleRate: 44100)
        return zip(zip(a, e), clicks).map { $0.0 + $0.1 + $1 }
    }

    @Test("a float WAV of samples near 1e30 is partial, with nothing measured and a warning (was +596 LUFS, ok)")
    func hugeFloats() async throws {
        let report = try await analyze(chords().map { $0 * 1e30 })
        #expect(report.status == .partial)
        #expect(report.error == nil)
        #expect(report.loudness == nil && report.tempo == nil && report.key == nil)
        #expect(report.features == nil && report.descriptors == nil)
        #expect(report.tempoUnavailableReason == "decoding produced mostly garbage")
        #expect((report.warnings ?? []).count == 1)
        #expect(
            (report.warnings ?? []).first?.hasPrefix("decoding produced mostly garbage (100% of the non-silent") == true
        )
        #expect(report.file?.sampleRate == 44100)
        #expect((try? ReportJSON.encodeLine(report)) != nil)
    }

    @Test("one sample of 2000 (+66 dBFS) in music: loudness and true peak left out with warnings, the rest kept")
    func spike() async throws {
        var samples = chords()
        samples[50_000] = 2000
        let report = try await analyze(samples, analyses: [.loudness, .tempo])
        #expect(report.status == .partial)
        #expect(report.error == nil)
        let loudness = try #require(report.loudness)
        #expect(loudness.integratedLUFS == nil && loudness.rangeLU == nil && loudness.truePeakDBTP == nil)
        #expect((report.warnings ?? []).contains { $0.hasPrefix("integrated loudness +") && $0.contains("+3.7 LUFS") })
        #expect((report.warnings ?? []).contains { $0.hasPrefix("true peak +") && $0.contains("above +60 dBTP") })
        #expect(report.tempo != nil, "\(String(describing: report.tempoUnavailableReason))")
    }

    @Test("full-scale binary noise is garbage; a full-scale square tone is measured, ok")
    func fullScale() async throws {
        var generator = SplitMix(seed: 21)
        let noise = (0..<(44100 * 6)).map { _ in generator.nextUnit() < 0.5 ? Float(-1) : 1 }
        let noisy = try await analyze(noise, analyses: [.loudness])
        #expect(noisy.status == .partial && noisy.loudness == nil)
        #expect((noisy.warnings ?? []).first?.contains("full-scale noise") == true)

        let square = (0..<(44100 * 6)).map { ($0 / 50) % 2 == 0 ? Float(1) : -1 }
        let measured = try await analyze(square, analyses: [.loudness])
        #expect(measured.status == .ok && (measured.warnings ?? []).isEmpty)
        let lufs = try #require(measured.loudness?.integratedLUFS)
        #expect(lufs > -1 && lufs < 3.7)
    }

    @Test("random MP3 frames give no loudness, tempo or key (were +104 LUFS, a tempo and a key)")
    func randomMP3Frames() async throws {
        let folder = try TestAudio.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        var generator = SplitMix(seed: 7)
        var bytes: [UInt8] = []
        for _ in 0..<400 {  // MPEG-1 layer III, 128 kbit/s, 44.1 kHz frames of 417 bytes with random payloads
            bytes += [0xFF, 0xFB, 0x90, 0x64] + (0..<413).map { _ in UInt8(generator.nextUnit() * 256) }
        }
        let url = folder.appendingPathComponent("random.mp3")
        try Data(bytes).write(to: url)
        let report = await (try AudioAnalyzer()).analyze(path: url.path, relativePath: "random.mp3")
        #expect(report.status == .partial, "\(report.warnings) \(String(describing: report.error))")
        #expect(report.loudness == nil && report.tempo == nil && report.key == nil)
        #expect((report.warnings ?? []).first?.hasPrefix("decoding produced mostly garbage") == true)
    }

    @Test("samples handed in memory are reviewed the same way")
    func inMemory() async throws {
        let report = await (try AudioAnalyzer()).analyze(
            samples: chords().map { $0 * 1e25 }, sampleRate: 44100, name: "upload")
        #expect(report.status == .partial && report.loudness == nil && report.tempo == nil)
    }

    @Test("loud but possible files stay ok: the fixtures at full scale, a hot float mix under the ceiling")
    func possible() async throws {
        let report = try await analyze(chords().map { $0 * 1.5 }, channels: 1, analyses: [.loudness])
        #expect(report.status == .ok && (report.warnings ?? []).isEmpty)
        let fixture = await (try AudioAnalyzer()).analyze(path: TestAudio.fixture("formats/song_d_major_120bpm.flac"))
        #expect(fixture.status == .ok && (fixture.warnings ?? []).isEmpty && fixture.loudness?.integratedLUFS != nil)
    }

    @Test("the loudness ceiling bounds full-scale signals of alternating sign on 1 to 8 channels, within 0.5 dB")
    func ceiling() throws {
        for rate in [8000, 44100, 192_000] {
            for channels in 1...8 {
                let meter = try LoudnessMeter(channelCount: channels, sampleRate: rate)
                let frames = rate * 2
                meter.add(interleaved: (0..<(frames * channels)).map { ($0 / channels) % 2 == 0 ? Float(1) : -1 })
                let measured = try #require(meter.result().integratedLUFS)
                let ceiling = Plausibility.loudnessCeilingLUFS(channelCount: channels)
                #expect(measured <= ceiling, "\(channels) ch at \(rate) Hz: \(measured) > \(ceiling)")
                if channels <= 6 {
                    #expect(ceiling - measured < 0.5, "\(channels) ch at \(rate) Hz: \(measured) vs \(ceiling)")
                }
            }
        }
        #expect(abs(Plausibility.loudnessCeilingLUFS(channelCount: 1) - 3.7) < 1e-9)
    }
}
