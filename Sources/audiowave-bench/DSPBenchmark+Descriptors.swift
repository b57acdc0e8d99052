import AudioWave

extension DSPBenchmark {
    /// `audiowave-bench dsp --descriptors-only`: thread CPU time of each descriptor on `seconds` of the synthetic
    /// signal at 44.1 kHz (onset rate's native rate), beats every 0.5 s, reported per audio minute.
    func runDescriptors() throws {
        let sampleRate = 44100.0
        let samples = Self.makeSignal(seconds: seconds, sampleRate: sampleRate)
        let audioSeconds = Double(samples.count) / sampleRate
        let beats = stride(from: 0.5, to: audioSeconds - 0.5, by: 0.5).map { $0 }
        print(
            "Descriptors: \(Int(audioSeconds)) s at 44100 Hz, \(beats.count) beats, 1 thread,",
            "median of \(repetitions)")
        var failure: (any Error)?
        let rows: [(String, Timing)] = [
            (
                "onset rate (HFC + complex, 1024/512)",
                measure {
                    do { _ = try OnsetRate.measure(samples: samples, sampleRate: sampleRate) } catch { failure = error }
                }
            ),
            ("danceability (DFA)", measure { _ = Danceability.measure(samples: samples, sampleRate: sampleRate) }),
            ("dynamic complexity", measure { _ = DynamicComplexity.measure(samples: samples, sampleRate: sampleRate) }),
            (
                "beats loudness",
                measure {
                    do {
                        _ = try BeatsLoudness.measure(samples: samples, sampleRate: sampleRate, beatTimes: beats)
                    } catch {
                        failure = error
                    }
                }
            ),
        ]
        if let failure { throw failure }
        print(pad("descriptor", 40), pad("CPU ms", 9), pad("best CPU", 9), "CPU ms per audio minute (median)")
        for (name, timing) in rows {
            print(
                pad(name, 40), pad(format(timing.cpuMs), 9), pad(format(timing.bestCPUMs), 9),
                format(timing.cpuMs / audioSeconds * 60))
        }
    }
}
