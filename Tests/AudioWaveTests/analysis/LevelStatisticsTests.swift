import Testing

@testable import AudioWave
@testable import AudioWaveAnalysis

@Suite("Level statistics")
struct LevelStatisticsTests {
    @Test("a full-scale sine has peak 1 and RMS 1/√2, and no silence")
    func sine() {
        let levels = LevelStatistics(
            samples: TestAudio.sine(frequencyHz: 220.5, sampleRate: 22050, seconds: 1, amplitude: 1), sampleRate: 22050)
        #expect(abs(levels.peak - 1) < 1e-3)
        #expect(abs(levels.rms - 0.7071) < 1e-3)
        #expect(levels.silenceRatio == 0)
        #expect(!levels.isSilent)
    }

    @Test("digital silence is silent with zero levels, and an empty signal too")
    func silence() {
        let levels = LevelStatistics(samples: [Float](repeating: 0, count: 22050), sampleRate: 22050)
        #expect(levels.peak == 0 && levels.rms == 0 && levels.silenceRatio == 1 && levels.isSilent)
        #expect(LevelStatistics(samples: [], sampleRate: 22050).isSilent)
    }

    @Test("half a second of tone in two seconds of silence gives a silence ratio of 3/4")
    func ratio() {
        let tone = TestAudio.sine(frequencyHz: 440, sampleRate: 8000, seconds: 0.5)
        let levels = LevelStatistics(samples: tone + [Float](repeating: 0, count: 12000), sampleRate: 8000)
        #expect(abs(levels.silenceRatio - 0.75) < 0.01)
        #expect(!levels.isSilent)
    }
}

@Suite("Level meter, block by block")
struct LevelMeterTests {
    @Test("blocks of any size give the figures of the whole signal")
    func blocks() {
        let tone = TestAudio.sine(frequencyHz: 440, sampleRate: 8000, seconds: 0.7)
        let signal = tone + [Float](repeating: 0, count: 9000) + tone
        let whole = LevelStatistics(samples: signal, sampleRate: 8000)
        for size in [1, 77, 400, 4096] {
            var meter = LevelMeter(sampleRate: 8000)
            var start = 0
            while start < signal.count {
                meter.add(Array(signal[start..<min(signal.count, start + size)]))
                start += size
            }
            let streamed = meter.result()
            #expect(streamed.peak == whole.peak && streamed.silenceRatio == whole.silenceRatio)
            #expect(abs(streamed.rms - whole.rms) < 1e-6)
        }
    }
}
