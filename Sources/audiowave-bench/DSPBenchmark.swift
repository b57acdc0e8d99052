import ArgumentParser
import AudioWave
import Foundation

/// `audiowave-bench dsp`: times each part of the feature layer on synthetic audio, on one core.
struct DSPBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dsp",
        abstract: "Time the STFT, mel+MFCC, chroma, onset envelope and spectral features against FFTW's raw rate.")

    @Option(help: "Seconds of audio to analyse.")
    var seconds: Double = 60

    @Option(help: "Repetitions per measurement; the median is reported.")
    var repetitions: Int = 7

    @Flag(help: "Also time each spectral feature and each step of mel+MFCC and chroma.")
    var verbose = false

    @Flag(help: "Time only the loudness meter (before/after the true-peak change).")
    var loudnessOnly = false

    @Flag(help: "Time only the rhythm/dynamics descriptors (onset rate, danceability, ...) at 44.1 kHz.")
    var descriptorsOnly = false

    @Option(help: "Also meter this 44.1 kHz stereo file in the loudness section.")
    var loudnessFile: String?

    @Option(
        help: "Only stream this many minutes of synthetic audio through the summaries-only stream and print peak RSS.")
    var streamMinutes: Double?

    @Flag(help: "With --stream-minutes: use FeatureStream (all frames kept) instead, for comparison.")
    var keepFrames = false

    @Option(help: "Only compare the summaries-only stream with the exact path on the recordings in this folder.")
    var streamCheck: String?

    @Option(help: "With --stream-check: lookahead in frames for the per-file comparison.")
    var lookahead = 64

    func run() throws {
        guard seconds > 0, repetitions > 0 else { throw ValidationError("seconds and repetitions must be positive") }
        if loudnessOnly { return try runLoudness() }
        if descriptorsOnly { return try runDescriptors() }
        if let streamMinutes { return try runStreamMemory(minutes: streamMinutes, keepsFrames: keepFrames) }
        if let streamCheck { return try runStreamCheck(folder: streamCheck, lookahead: lookahead) }
        let extractor = try FeatureExtractor()
        let configuration = extractor.configuration
        let samples = Self.makeSignal(seconds: seconds, sampleRate: configuration.sampleRate)
        let audioSeconds = Double(samples.count) / configuration.sampleRate
        print(
            "AudioWave DSP benchmark: \(Int(audioSeconds)) s of audio at \(Int(configuration.sampleRate)) Hz,",
            "frame \(configuration.frameLength), hop \(configuration.hopLength), 1 thread, median of \(repetitions)")

        let spectrogram = extractor.spectrogram(samples: samples)
        let logMel = extractor.logMel(of: spectrogram)
        var rows: [(String, Timing)] = []
        rows.append(("STFT (window + r2c + magnitude)", measure { _ = extractor.spectrogram(samples: samples) }))
        rows.append(
            (
                "mel + log + MFCC",
                measure {
                    let mel = extractor.logMel(of: spectrogram)
                    _ = extractor.mfccTransform.coefficients(ofLogMel: mel)
                }
            ))
        rows.append(("chroma (tuning + filterbank)", measure { _ = extractor.chromagram(of: spectrogram) }))
        rows.append(
            (
                "onset envelope (from log-mel)",
                measure {
                    _ = OnsetStrength.envelope(
                        logMel: logMel, bandCount: configuration.melBandCount,
                        frameLength: configuration.frameLength, hopLength: configuration.hopLength)
                }
            ))
        rows.append(
            (
                "spectral (centroid..contrast, rms, zcr)",
                measure {
                    _ = SpectralFeatures.centroidAndBandwidth(of: spectrogram)
                    _ = SpectralFeatures.rolloff(of: spectrogram)
                    _ = SpectralFeatures.flatness(of: spectrogram)
                    _ = SpectralFeatures.flux(of: spectrogram)
                    _ = extractor.spectralContrast.contrast(of: spectrogram)
                    _ = TimeDomainFeatures.rms(of: samples)
                    _ = TimeDomainFeatures.zeroCrossingRate(of: samples)
                }
            ))
        if verbose {
            rows.append(
                ("  centroid + bandwidth", measure { _ = SpectralFeatures.centroidAndBandwidth(of: spectrogram) }))
            rows.append(("  rolloff", measure { _ = SpectralFeatures.rolloff(of: spectrogram) }))
            rows.append(("  flatness", measure { _ = SpectralFeatures.flatness(of: spectrogram) }))
            rows.append(("  flux", measure { _ = SpectralFeatures.flux(of: spectrogram) }))
            rows.append(("  contrast", measure { _ = extractor.spectralContrast.contrast(of: spectrogram) }))
            rows.append(("  rms", measure { _ = TimeDomainFeatures.rms(of: samples) }))
            rows.append(("  zero-crossing rate", measure { _ = TimeDomainFeatures.zeroCrossingRate(of: samples) }))
            rows.append(("  mel power", measure { _ = extractor.melFilterbank.melPower(of: spectrogram) }))
            rows.append(("  log-mel (dB)", measure { _ = Decibels.powerToDecibels(logMel) }))
            rows.append(("  MFCC from log-mel", measure { _ = extractor.mfccTransform.coefficients(ofLogMel: logMel) }))
            rows.append(
                ("  tuning estimate", measure { _ = extractor.tuningEstimator.estimateTuning(of: spectrogram) }))
            rows.append(
                (
                    "  chroma filterbank",
                    measure {
                        _ = ChromaFilterbank(frameLength: 2048, sampleRate: 22050, tuning: 0.1).chromagram(
                            of: spectrogram)
                    }
                ))
        }
        rows.append(("whole layer: extract(samples:)", measure { _ = extractor.extract(samples: samples) }))
        rows.append(
            (
                "streaming: FeatureStream, 4096-sample blocks",
                measure {
                    let stream = FeatureStream(extractor: extractor)
                    for start in stride(from: 0, to: samples.count, by: 4096) {
                        stream.add(samples: Array(samples[start..<min(samples.count, start + 4096)]))
                    }
                    _ = stream.finish()
                }
            ))
        rows.append(
            (
                "streaming: SummaryFeatureStream, 4096",
                measure {
                    let stream = SummaryFeatureStream(extractor: extractor)
                    for start in stride(from: 0, to: samples.count, by: 4096) {
                        stream.add(samples: Array(samples[start..<min(samples.count, start + 4096)]))
                    }
                    _ = stream.finish()
                }
            ))
        rows.append(("tempo path: onsetEnvelope(samples:)", measure { _ = extractor.onsetEnvelope(samples: samples) }))
        let features = extractor.extract(samples: samples)
        rows.append(("summaries of every feature", measure { _ = features.summaries() }))

        print("")
        print(
            pad("stage", 42), pad("wall ms", 9), pad("CPU ms", 9), pad("best CPU", 9),
            "audio s per CPU s (median, best)")
        for (name, timing) in rows {
            print(
                pad(name, 42), pad(format(timing.wallMs), 9), pad(format(timing.cpuMs), 9),
                pad(format(timing.bestCPUMs), 9),
                format(audioSeconds / (timing.cpuMs / 1000), digits: 0) + "×,",
                format(audioSeconds / (timing.bestCPUMs / 1000), digits: 0) + "×")
        }

        // STFT against FFTW's bare transforms on the same size and count, alternated so both see the same load.
        let frames = spectrogram.frameCount
        var rawTimes: [Double] = []
        var stftTimes: [Double] = []
        for _ in 0..<repetitions {
            var start = BenchTiming.threadCPUSeconds()
            _ = try FFTWBaseline.measureRawTransforms(size: configuration.frameLength, count: frames)
            rawTimes.append((BenchTiming.threadCPUSeconds() - start) * 1000)
            start = BenchTiming.threadCPUSeconds()
            _ = extractor.spectrogram(samples: samples)
            stftTimes.append((BenchTiming.threadCPUSeconds() - start) * 1000)
        }
        print("")
        print(
            "FFT size \(configuration.frameLength), \(frames) frames (thread CPU time, median / best of \(repetitions)):"
        )
        for (label, times) in [("FFTW raw r2c", rawTimes), ("STFT", stftTimes)] {
            let median = BenchTiming.median(times)
            let best = times.min() ?? 0
            print(
                "  \(pad(label + ":", 14)) \(format(median)) / \(format(best)) ms,",
                "\(format(Double(frames) / median * 1000, digits: 0)) / \(format(Double(frames) / best * 1000, digits: 0)) frames/s"
            )
        }
        let ratioMedian = BenchTiming.median(stftTimes) / BenchTiming.median(rawTimes)
        let ratioBest = (stftTimes.min() ?? 0) / (rawTimes.min() ?? 1)
        print("  STFT / FFTW raw time: \(format(ratioMedian)) (median), \(format(ratioBest)) (best)")
        try runLoudness()
    }

    struct Timing {
        /// Median wall-clock time.
        var wallMs: Double
        /// Median thread CPU time.
        var cpuMs: Double
        /// Smallest thread CPU time (least disturbed by other processes on a shared machine).
        var bestCPUMs: Double
    }

    /// Median wall and thread-CPU time of `repetitions` runs (after one warm-up run).
    func measure(_ body: () -> Void) -> Timing {
        body()
        var walls: [Double] = []
        var cpus: [Double] = []
        let clock = ContinuousClock()
        for _ in 0..<repetitions {
            let cpuStart = BenchTiming.threadCPUSeconds()
            let start = clock.now
            body()
            walls.append((clock.now - start) / .milliseconds(1))
            cpus.append((BenchTiming.threadCPUSeconds() - cpuStart) * 1000)
        }
        return Timing(wallMs: BenchTiming.median(walls), cpuMs: BenchTiming.median(cpus), bestCPUMs: cpus.min() ?? 0)
    }

    /// A deterministic music-like test signal: a few drifting partials, a pulse every half second, faint noise.
    static func makeSignal(seconds: Double, sampleRate: Double) -> [Float] {
        let count = Int(seconds * sampleRate)
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        return (0..<count).map { i in
            let t = Double(i) / sampleRate
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let noise = Double(Int64(bitPattern: state >> 11) % 2001) / 1000 - 1
            let beat = t.truncatingRemainder(dividingBy: 0.5)
            let pulse = exp(-beat * 30) * sin(2 * .pi * 110 * t)
            let chord = (sin(2 * .pi * 261.6 * t) + sin(2 * .pi * 329.6 * t) + sin(2 * .pi * 392 * t)) / 3
            return Float(0.4 * chord + 0.4 * pulse + 0.02 * noise)
        }
    }
}

func format(_ value: Double, digits: Int = 2) -> String { String(format: "%.\(digits)f", value) }

func pad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
}
