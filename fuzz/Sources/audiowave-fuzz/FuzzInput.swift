import AudioWave
import Foundation

/// What the fuzzer does with one input: the file is written to disk (the decoder opens paths), probed, then
/// decoded the three ways the library decodes — the excerpt stage's centred 30 s with loudness, the features
/// stage's whole-file stream into the loudness meter, level meter and feature stream, and the whole-file
/// `decodeMono` that `TempoKeyAnalyzer.analyze(path:span:)` uses.
///
/// A typed `AudioError` is the expected outcome for most inputs and is dropped. What the fuzzer reports is
/// what must never happen: a crash, an address-sanitizer error, an allocation above `-malloc_limit_mb`,
/// RSS above `-rss_limit_mb`, an input running past `-timeout`, or a broken invariant below (which aborts).
enum FuzzInput {
    /// Native frames the whole-file stream may read before it is cancelled: about 6 s at 44.1 kHz, enough to
    /// cross several blocks while keeping the fuzzer fast. The excerpt and `decodeMono` decodes stop after their
    /// first block (what follows it is the stream's loop again). Allocations sized from the header happen
    /// before the first block, so the bounds hide none of them.
    static let frameBudget = 1 << 18
    /// Mono samples at 22050 Hz given to the feature stream (0.74 s, 32 frames: enough for every feature and
    /// the tuning estimate; the feature stream was most of the time of an input that decodes).
    static let featureSampleBudget = 1 << 14

    /// One file per fuzzer process, rewritten for every input, in `AUDIOWAVE_FUZZ_DIR` (`make fuzz` makes one
    /// in `/dev/shm`, as the disk's write path would otherwise take most of the time of an input the decoder
    /// refuses, and removes it afterwards) or else the temporary folder.
    static let url: URL = {
        let folder =
            ProcessInfo.processInfo.environment["AUDIOWAVE_FUZZ_DIR"].map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.temporaryDirectory
        return folder.appendingPathComponent("audiowave-fuzz-\(getpid()).bin")
    }()
    static var path: String { url.path }

    /// Removes the input file (at exit; a crashed process leaves it to `make fuzz`'s cleanup).
    static func removeFile() {
        try? FileManager.default.removeItem(at: url)
    }

    /// The extractor with the analysis defaults; built once (its FFT plans and tables are shared).
    static let extractor = try? FeatureExtractor()

    static func run(_ bytes: UnsafeBufferPointer<UInt8>) {
        do {
            try Data(buffer: bytes).write(to: url)
        } catch {
            abortRun("cannot write the input to \(path): \(error)")
        }
        guard let properties = try? AudioDecoder.probe(path: path) else { return }
        checkProperties(properties)
        decodeExcerpt(properties)
        streamWholeFile(properties)
        decodeWholeFile(properties)
    }

    // MARK: - The three decodes

    /// The excerpt stage: a centred 30 s at 22050 Hz, loudness on the original channels in the same pass.
    static func decodeExcerpt(_ properties: AudioProperties) {
        let meter = try? LoudnessMeter(channelCount: properties.channelCount, sampleRate: properties.sampleRate)
        var budget = Budget(limit: 1)
        let options = DecodingOptions(
            sampleRate: 22050, excerpt: .centered(durationSeconds: 30, inFileOf: properties.durationSeconds))
        guard
            let decoded = try? AudioDecoder.decodeMono(
                path: path, options: options,
                nativeBlockObserver: { block, frames, channels in
                    budget.observe(block, frames: frames, channels: channels, properties: properties)
                    meter?.add(interleaved: block, frameCount: frames)
                },
                isCancelled: { budget.isSpent })
        else { return }
        checkDecoded(decoded.samples, rate: decoded.sampleRate, properties: properties)
        if let meter { checkLoudness(meter.result()) }
    }

    /// The features stage: the whole file streamed block by block into the meters and the feature stream.
    static func streamWholeFile(_ properties: AudioProperties) {
        let meter = try? LoudnessMeter(channelCount: properties.channelCount, sampleRate: properties.sampleRate)
        let stream = extractor.map { SummaryFeatureStream(extractor: $0, scope: .all) }
        var levels = LevelMeter(sampleRate: 22050)
        var budget = Budget(limit: frameBudget)
        var fed = 0
        var delivered = 0
        var finite = true
        let outcome = try? AudioDecoder.streamMono(
            path: path, options: DecodingOptions(sampleRate: 22050),
            nativeBlockObserver: { block, frames, channels in
                budget.observe(block, frames: frames, channels: channels, properties: properties)
                meter?.add(interleaved: block, frameCount: frames)
            },
            isCancelled: { budget.isSpent },
            onSamples: { block in
                delivered += block.count
                finite = finite && block.allSatisfy(\.isFinite)
                levels.add(block)
                if fed < featureSampleBudget {
                    stream?.add(samples: Array(block.prefix(featureSampleBudget - fed)))
                    fed += min(block.count, featureSampleBudget - fed)
                }
            })
        check(finite, "streamMono delivered a non-finite sample")
        if let outcome {
            check(
                outcome.sampleCount == delivered,
                "streamMono says \(outcome.sampleCount) samples, delivered \(delivered)")
        }
        // What was decoded is measured even when the decode then failed (the pipeline drops it; the meters
        // must still not crash on it).
        if let meter { checkLoudness(meter.result()) }
        let level = levels.result()
        check(!level.peak.isNaN && !level.rms.isNaN && !level.silenceRatio.isNaN, "level statistics are NaN: \(level)")
        if let stream {
            let features = stream.finish()
            check(features.onsetEnvelope.allSatisfy(\.isFinite), "the onset envelope holds a non-finite value")
        }
    }

    /// `TempoKeyAnalyzer.analyze(path:span: .wholeFile)`: the whole file into one array, its capacity reserved
    /// from the header's frame count.
    static func decodeWholeFile(_ properties: AudioProperties) {
        var budget = Budget(limit: 1)
        guard
            let decoded = try? AudioDecoder.decodeMono(
                path: path, options: DecodingOptions(sampleRate: 22050),
                nativeBlockObserver: { block, frames, channels in
                    budget.observe(block, frames: frames, channels: channels, properties: properties)
                },
                isCancelled: { budget.isSpent })
        else { return }
        checkDecoded(decoded.samples, rate: decoded.sampleRate, properties: properties)
    }

    // MARK: - Invariants

    /// Native frames read so far by one decode, and the checks on every block the decoder hands out.
    struct Budget {
        /// Frames after which the decode is cancelled (checked before each block).
        let limit: Int
        var frames = 0
        var isSpent: Bool { frames >= limit }

        mutating func observe(_ block: [Float], frames count: Int, channels: Int, properties: AudioProperties) {
            check(
                channels == properties.channelCount,
                "a block has \(channels) channels, the header \(properties.channelCount)")
            check(count > 0 && count * channels <= block.count, "a block of \(count) frames in \(block.count) samples")
            frames += count
        }
    }

    static func checkProperties(_ properties: AudioProperties) {
        check(
            (AudioDecoder.minimumSampleRate...AudioDecoder.maximumSampleRate).contains(properties.sampleRate),
            "probe accepted a rate of \(properties.sampleRate) Hz")
        check(
            (1...AudioDecoder.maximumChannelCount).contains(properties.channelCount),
            "probe accepted \(properties.channelCount) channels")
        check(properties.frameCount > 0, "probe accepted \(properties.frameCount) frames")
        check(
            properties.durationSeconds.isFinite && properties.durationSeconds > 0,
            "probe gives a duration of \(properties.durationSeconds) s")
    }

    static func checkDecoded(_ samples: [Float], rate: Int, properties: AudioProperties) {
        check(rate == 22050, "decoded at \(rate) Hz, asked for 22050")
        check(samples.allSatisfy(\.isFinite), "decodeMono returned a non-finite sample")
        let most = Double(properties.frameCount) * 22050 / Double(properties.sampleRate) + 1
        check(Double(samples.count) <= most, "decoded \(samples.count) samples, the header allows \(most)")
    }

    static func checkLoudness(_ loudness: Loudness) {
        check(
            loudness.integratedLUFS?.isNaN != true && !loudness.loudnessRangeLU.isNaN
                && loudness.samplePeakDBFS?.isNaN != true && loudness.truePeakDBTP?.isNaN != true,
            "loudness is NaN: \(loudness)")
    }

    static func check(_ condition: Bool, _ message: @autoclosure () -> String) {
        if !condition { abortRun(message()) }
    }

    /// Stops the fuzzer with `message`: libFuzzer records the input that got here as a crash.
    static func abortRun(_ message: String) -> Never {
        try? FileHandle.standardError.write(contentsOf: Data("audiowave-fuzz: invariant broken: \(message)\n".utf8))
        abort()
    }
}
