import AudioWave
import Foundation
import Testing

@Suite("Onset rate")
struct OnsetRateTests {
    /// A 120 BPM click track has two onsets per second, one at each click (the onset time is the start of the
    /// first frame that holds the click, so up to one frame, 23 ms, early).
    @Test(arguments: [44100.0, 22050.0])
    func clickTrackAt120BPM(sampleRate: Double) throws {
        let beats = stride(from: 0.25, to: 10, by: 0.5).map { $0 }
        let samples = DescriptorSignals.clicks(at: beats, seconds: 10, sampleRate: sampleRate)
        let result = try OnsetRate.measure(samples: samples, sampleRate: sampleRate)
        #expect(abs(result.rate - 2) < 1e-9)
        #expect(result.onsetTimes.count == beats.count)
        for beat in beats {
            #expect(result.onsetTimes.contains { $0 >= beat - 0.035 && $0 <= beat + 0.015 }, "click at \(beat)")
        }
    }

    /// Silence and an empty signal have no onsets; a steady tone has one where it starts and one where it is cut
    /// off (the last frame reaches past the end), nothing between — essentia 2.1b6 reads this 5 s, 440 Hz tone
    /// as onsets at 0.0116 s and 4.9807 s.
    @Test func silenceAndSteadyTone() throws {
        let silence = try OnsetRate.measure(samples: [Float](repeating: 0, count: 44100), sampleRate: 44100)
        #expect(silence.onsetTimes.isEmpty && silence.rate == 0)
        #expect(try OnsetRate.measure(samples: [], sampleRate: 44100).rate == 0)
        let tone = DescriptorSignals.sine(frequencyHz: 440, amplitude: 0.5, seconds: 5, sampleRate: 44100)
        let result = try OnsetRate.measure(samples: tone, sampleRate: 44100)
        #expect(result.onsetTimes.count == 2, "\(result.onsetTimes)")
        #expect(result.onsetTimes.allSatisfy { $0 < 0.05 || $0 > 4.95 }, "\(result.onsetTimes)")
        #expect(throws: DSPError.self) { try OnsetRate.measure(samples: tone, sampleRate: 0) }
    }

    /// Frames are cut as essentia's FrameCutter(startFromZero) cuts them (counts measured with essentia 2.1b6).
    @Test func frameCountsMatchEssentia() throws {
        let functions = try OnsetDetectionFunctions(sampleRate: 44100)
        for (samples, frames) in [(5119, 9), (5120, 9), (5121, 10), (1024, 1), (1500, 2), (600, 1), (0, 0)] {
            #expect(functions.frameCount(sampleCount: samples) == frames, "\(samples) samples")
        }
    }

    /// The picker keeps the first frame of a run of two or more, drops single frames, and scales each function
    /// by its maximum.
    @Test func pickerKeepsRunsOnly() {
        var function = [Float](repeating: 0, count: 60)
        for i in 20..<26 { function[i] = 1 }  // a sustained rise: one onset
        function[45] = 1  // a one-frame spike, smoothed into a run: still one onset
        let times = OnsetRate.onsetTimes(
            detectionFunctions: [function, function.map { $0 * 1000 }], weights: [1, 1], frameRate: 10)
        #expect(times.count == 2)
        #expect(times.first == 2.0)
    }
}
