import Foundation
import Testing

@testable import AudioWave

/// A click (20 ms decaying 1 kHz burst) on every beat at `bpm`, `seconds` long.
func clickTrack(bpm: Double, seconds: Double, sampleRate: Int) -> [Float] {
    var samples = [Float](repeating: 0, count: Int(seconds * Double(sampleRate)))
    var beat = 0.0
    while beat < seconds - 0.05 {
        let start = Int(beat * Double(sampleRate))
        for i in 0..<Int(0.02 * Double(sampleRate)) where start + i < samples.count {
            let t = Double(i) / Double(sampleRate)
            samples[start + i] = Float(0.8 * sin(2 * .pi * 1000 * t) * exp(-t / 0.005))
        }
        beat += 60 / bpm
    }
    return samples
}

@Suite("AudioAnalyzer, the library API")
struct AudioAnalyzerTests {
    @Test("samples in memory are analysed like a file: a 120 BPM click track at 44.1 kHz")
    func inMemory() async throws {
        let analyzer = try AudioAnalyzer()
        let report = await analyzer.analyze(
            samples: clickTrack(bpm: 120, seconds: 12, sampleRate: 44100), sampleRate: 44100, name: "clicks")
        #expect(report.status == .ok)
        #expect(report.relativePath == "clicks")
        let bpm = try #require(report.tempo?.bpm)
        #expect(abs(bpm - 120) < 1.2)
        #expect(report.file?.sampleRate == 44100)
        #expect(report.loudness?.integratedLUFS != nil)
        #expect(report.configHash == analyzer.configHash)
    }

    @Test("the features section reports spectral contrast: 7 octave bands, the clicks' peaks well above their valleys")
    func spectralContrast() async throws {
        let analyzer = try AudioAnalyzer()
        let report = await analyzer.analyze(
            samples: clickTrack(bpm: 120, seconds: 6, sampleRate: 22050), sampleRate: 22050, name: "clicks")
        let contrast = try #require(report.features?.spectralContrast)
        #expect(contrast.mean.count == 7 && contrast.std.count == 7)
        #expect(contrast.mean.allSatisfy { $0.isFinite && $0 > 0 }, "contrast is peak over valley in dB: positive")
        // Bands 0-200, 200-400, 400-800, 800-1600 Hz, …: the 1 kHz tone of the clicks lies in the fourth.
        let strongest = contrast.mean.indices.max { contrast.mean[$0] < contrast.mean[$1] }
        #expect(strongest == 3, "octave band 800-1600 Hz holds the 1 kHz clicks")
    }

    @Test("bad samples and missing files come back as failed reports with a code, never a throw")
    func failures() async throws {
        let analyzer = try AudioAnalyzer()
        var samples = clickTrack(bpm: 100, seconds: 2, sampleRate: 8000)
        samples[100] = .nan
        let nan = await analyzer.analyze(samples: samples, sampleRate: 8000, name: "nan")
        #expect(nan.status == .failed)
        #expect(nan.error?.code == .nonFiniteSamples)
        let missing = await analyzer.analyze(path: "/nonexistent/take3.wav", relativePath: "take3.wav")
        #expect(missing.status == .failed)
        #expect(missing.error?.code == .notFound)
        #expect(missing.error?.stage == "preparation")
        #expect(missing.error?.message.hasPrefix("take3.wav") == true)
        #expect(missing.error?.message.contains("/nonexistent") == false, "absolute paths stay out of reports")
    }

    @Test("a stream of reports yields one report per item, and bad items do not stop the batch")
    func stream() async throws {
        var configuration = AnalysisConfiguration()
        configuration.engine.maxItemsInFlight = 2
        let analyzer = try AudioAnalyzer(configuration: configuration)
        let items = [
            AnalysisItem(path: TestAudio.fixture("bad/not_audio.wav"), relativePath: "bad/not_audio.wav"),
            AnalysisItem(path: TestAudio.fixture("tempo/click_90bpm.wav"), relativePath: "tempo/click_90bpm.wav"),
            AnalysisItem(samples: clickTrack(bpm: 128, seconds: 8, sampleRate: 22050), sampleRate: 22050, name: "mem"),
        ]
        var seen: [String: ReportStatus] = [:]
        await analyzer.reports(for: items) { reports in
            for await report in reports { seen[report.relativePath] = report.status }
        }
        #expect(seen == ["bad/not_audio.wav": .failed, "tempo/click_90bpm.wav": .ok, "mem": .ok])
    }

    @Test("an invalid configuration is refused before any work, naming the field")
    func invalidConfiguration() {
        var configuration = AnalysisConfiguration()
        configuration.excerptSeconds = 1
        #expect { try AudioAnalyzer(configuration: configuration) } throws: { "\($0)".contains("excerpt_seconds") }
    }

    @Test("the result hash ignores speed settings and follows result settings")
    func resultHash() {
        var fast = AnalysisConfiguration()
        fast.engine.maxItemsInFlight = 1
        #expect(fast.resultHash == AnalysisConfiguration().resultHash)
        var other = AnalysisConfiguration()
        other.sampleRate = 16000
        #expect(other.resultHash != AnalysisConfiguration().resultHash)
    }
}
