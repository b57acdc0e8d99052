import ArgumentParser
import AudioWave
import Foundation
import MallocInterposerSwift

/// `audiowave-bench allocations`: heap allocations per analysis frame in the hot loops, counted by
/// ordo-one's malloc-interposer. Each part runs on audio of two lengths; the difference of the counts over
/// the difference of the frames is what one more frame costs, free of the fixed set-up (plans, buffers).
///
///     swift build -c release --product audiowave-bench
///     LD_PRELOAD=.build/release/libMallocInterposerSwift.so .build/release/audiowave-bench allocations
struct AllocationBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "allocations",
        abstract: "Heap allocations per frame of the feature stream and the loudness meter (needs LD_PRELOAD).")

    @Option(help: "The shorter length in seconds (the longer is twice it).")
    var seconds = 30.0

    func run() async throws {
        MallocInterposerSwift.initialize()
        guard Self.count({ _ = [Int](repeating: 1, count: 1000) }) > 0 else {
            throw ValidationError(
                "no allocation was counted: run with LD_PRELOAD=.build/release/libMallocInterposerSwift.so")
        }
        print("allocations: \(BenchTiming.machineDescription())")
        print(pad("part", 48), pad("frames (1× / 2×)", 20), pad("allocs (1× / 2×)", 20), "allocs per frame")
        let extractor = try FeatureExtractor()
        let rate = extractor.configuration.sampleRate
        let hop = Double(extractor.configuration.hopLength)
        for keepsFrames in [false, true] {
            let name = keepsFrames ? "FeatureStream (every frame kept)" : "SummaryFeatureStream (what ships)"
            try measure(name, frames: { seconds in seconds * rate / hop }) { seconds in
                let blocks = Self.blocks(seconds: seconds, sampleRate: rate)
                return {
                    if keepsFrames {
                        let stream = FeatureStream(extractor: extractor)
                        for block in blocks { stream.add(samples: block) }
                        _ = stream.finish()
                    } else {
                        let stream = SummaryFeatureStream(extractor: extractor)
                        for block in blocks { stream.add(samples: block) }
                        _ = stream.finish()
                    }
                }
            }
        }
        try measure("LoudnessMeter, 44.1 kHz stereo (per 4096-frame block)", frames: { $0 * 44100 / 4096 }) {
            seconds in
            let mono = Self.blocks(seconds: seconds, sampleRate: 44100)
            let stereo = mono.map { block in block.flatMap { [$0, 0.8 * $0] } }
            return {
                guard let meter = try? LoudnessMeter(channelCount: 2, sampleRate: 44100) else { return }
                for block in stereo { meter.add(interleaved: block, frameCount: block.count / 2) }
                _ = meter.result()
            }
        }
        // The whole pipeline on a WAV file, every thread counted (decode, features, loudness, engine, report).
        let scratch = try TestAudio.scratchDirectory(base: nil, name: "allocations")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let audio = TestAudio(sourcePath: TestAudio.defaultSource, directory: scratch)
        var options = AnalysisConfiguration()
        options.engine.earlyTerminationOnQuality = false
        let analyzer = try AudioAnalyzer(configuration: options)
        var counts: [Int] = []
        for length in [seconds, 2 * seconds] {
            let path = try audio.wav(seconds: length, name: "allocations-\(Int(length))")
            _ = await analyzer.analyze(path: path)  // warm-up: plans, caches
            MallocInterposerSwift.hook()
            _ = await analyzer.analyze(path: path)
            MallocInterposerSwift.unhook()
            counts.append(Int(MallocInterposerSwift.getStatistics().mallocCount))
            MallocInterposerSwift.reset()
        }
        let blocks = seconds * 44100 / 4096
        print(
            pad("pipeline, --no-early-exit, 44.1 kHz WAV (per 4096-frame block)", 48),
            pad("\(Int(blocks)) / \(Int(2 * blocks))", 20), pad("\(counts[0]) / \(counts[1])", 20),
            format(Double(counts[1] - counts[0]) / blocks, digits: 3))
    }

    /// Counts the allocations of the work `prepare` returns for each length, and prints per frame.
    func measure(
        _ name: String, frames: (Double) -> Double, prepare: (Double) throws -> () -> Void
    ) throws {
        let short = try prepare(seconds)
        let long = try prepare(2 * seconds)
        let first = Self.count(short)
        let second = Self.count(long)
        let shortFrames = frames(seconds)
        let longFrames = frames(2 * seconds)
        let perFrame = Double(second - first) / (longFrames - shortFrames)
        print(
            pad(name, 48), pad("\(Int(shortFrames)) / \(Int(longFrames))", 20), pad("\(first) / \(second)", 20),
            format(perFrame, digits: 3))
    }

    static func count(_ work: () -> Void) -> Int {
        MallocInterposerSwift.hook()
        work()
        MallocInterposerSwift.unhook()
        let statistics = MallocInterposerSwift.getStatistics()
        MallocInterposerSwift.reset()
        return Int(statistics.mallocCount)
    }

    /// `seconds` of the DSP benchmark's test signal in 4096-sample blocks.
    static func blocks(seconds: Double, sampleRate: Double) -> [[Float]] {
        let total = Int(seconds * sampleRate)
        return stride(from: 0, to: total, by: 4096).map { start in
            DSPBenchmark.signalBlock(start: start, count: min(4096, total - start), sampleRate: sampleRate)
        }
    }
}
