import Foundation
import Testing

@testable import AudioWave
@testable import AudioWaveDSP

@Suite("STFT")
struct STFTTests {
    @Test("a sine's energy peaks in the bin nearest its frequency")
    func sinePeakBin() throws {
        let stft = try STFT(frameLength: 2048, hopLength: 512)
        // Bin 40 is 40 · 22050 / 2048 ≈ 430.66 Hz.
        let spectrogram = stft.spectrogram(
            of: TestSignals.sine(frequencyHz: 430.66, count: 22050), sampleRate: 22050)
        let frame = Array(spectrogram.frame(spectrogram.frameCount / 2))
        let peak = frame.indices.max { frame[$0] < frame[$1] }
        #expect(peak == 40)
        // A Hann-windowed sine of amplitude A peaks at about A · N / 4.
        #expect(abs(frame[40] - 0.5 * 2048 / 4) < 0.5 * 2048 / 4 * 0.01)
    }

    @Test("centred framing gives 1 + n / hop frames of frameLength / 2 + 1 bins")
    func frameGrid() throws {
        let stft = try STFT(frameLength: 1024, hopLength: 256)
        let spectrogram = stft.spectrogram(of: [Float](repeating: 0.1, count: 1000), sampleRate: 8000)
        #expect(spectrogram.frameCount == 1 + 1000 / 256)
        #expect(spectrogram.binCount == 513)
        #expect(spectrogram.magnitudes.count == spectrogram.frameCount * 513)
        #expect(stft.spectrogram(of: [], sampleRate: 8000).frameCount == 0)
    }

    @Test("silence gives an all-zero spectrogram")
    func silence() throws {
        let spectrogram = try STFT().spectrogram(of: [Float](repeating: 0, count: 5000), sampleRate: 22050)
        #expect(spectrogram.magnitudes.allSatisfy { $0 == 0 })
    }

    @Test("invalid sizes are rejected naming the field")
    func invalidSizes() {
        #expect(throws: DSPError(.invalidConfiguration, field: "frame_length", reason: "must be even, 16...1048576")) {
            try STFT(frameLength: 1001)
        }
        #expect(throws: DSPError.self) { try STFT(hopLength: 0) }
    }

    @Test("the Hann window is periodic: w[0] = 0, w[N/2] = 1")
    func hannWindow() {
        let window = Window.hann.coefficients(length: 8)
        #expect(window[0] == 0)
        #expect(window[4] == 1)
        #expect(abs(window[2] - 0.5) < 1e-7)
        #expect(window[1] == window[7])
    }

    @Test("plans are shared by size across transforms")
    func planSharing() throws {
        let first = try STFT(frameLength: 512)
        let second = try STFT(frameLength: 512)
        #expect(first.plan === second.plan)
    }
}

@Suite("concurrent use")
struct ConcurrentExtractionTests {
    @Test("one extractor used from many tasks at once gives identical results (shared FFTW plan)")
    func concurrentExtraction() async throws {
        let extractor = try FeatureExtractor()
        let samples = TestSignals.noise(count: 20000, amplitude: 0.2)
        let expected = extractor.extract(samples: samples)
        let results = await withTaskGroup(of: FrameFeatures.self) { group in
            for _ in 0..<8 { group.addTask { extractor.extract(samples: samples) } }
            var collected: [FrameFeatures] = []
            for await result in group { collected.append(result) }
            return collected
        }
        #expect(results.count == 8)
        #expect(results.allSatisfy { $0 == expected })
    }

    @Test("plans of new sizes can be created from many tasks at once")
    func concurrentPlanning() async throws {
        let sizes = [96, 160, 224, 288, 352, 416]
        let bins = try await withThrowingTaskGroup(of: Int.self) { group in
            for size in sizes { group.addTask { try STFT(frameLength: size, hopLength: size / 4).binCount } }
            var collected: [Int] = []
            for try await count in group { collected.append(count) }
            return collected.sorted()
        }
        #expect(bins == sizes.map { $0 / 2 + 1 })
    }
}
