import AudioWave
import Foundation

extension DSPBenchmark {
    /// Streams `minutes` of synthetic audio, generated block by block, through ``SummaryFeatureStream`` (or
    /// ``FeatureStream`` for comparison) and prints CPU time and the process's peak RSS. Run it alone: peak RSS
    /// is per process.
    func runStreamMemory(minutes: Double, keepsFrames: Bool) throws {
        let extractor = try FeatureExtractor()
        let sampleRate = extractor.configuration.sampleRate
        let total = Int(minutes * 60 * sampleRate)
        let before = Self.peakRSSBytes()
        let cpuStart = BenchTiming.threadCPUSeconds()
        var frames = 0
        var summaries: FeatureSummaries?
        let blockLength = 4096
        if keepsFrames {
            let stream = FeatureStream(extractor: extractor)
            for start in stride(from: 0, to: total, by: blockLength) {
                stream.add(
                    samples: Self.signalBlock(
                        start: start, count: min(blockLength, total - start), sampleRate: sampleRate))
            }
            let features = stream.finish()
            frames = features.frameCount
            summaries = features.summaries()
        } else {
            let stream = SummaryFeatureStream(extractor: extractor)
            for start in stride(from: 0, to: total, by: blockLength) {
                stream.add(
                    samples: Self.signalBlock(
                        start: start, count: min(blockLength, total - start), sampleRate: sampleRate))
            }
            let result = stream.finish()
            frames = result.frameCount
            summaries = result.summaries
        }
        let cpu = BenchTiming.threadCPUSeconds() - cpuStart
        let peak = Self.peakRSSBytes()
        print(
            "\(keepsFrames ? "FeatureStream (all frames)" : "SummaryFeatureStream (summaries only)"):",
            "\(format(minutes, digits: 1)) min at \(Int(sampleRate)) Hz, \(frames) frames,",
            "CPU \(format(cpu, digits: 1)) s (\(format(minutes * 60 / cpu, digits: 0))× real time)")
        print(
            "  peak RSS \(format(Double(peak) / 1_048_576, digits: 1)) MiB",
            "(\(format(Double(before) / 1_048_576, digits: 1)) MiB before the stream started;",
            "\(format(Double(peak - before) / Double(max(1, frames)), digits: 1)) B per frame above that)")
        if let summaries {
            print(
                "  MFCC 1 mean \(format(summaries.mfccMean.first ?? 0)),",
                "centroid median \(format(summaries.centroid.median, digits: 0)) Hz")
        }
    }

    /// Samples `start ..< start + count` of ``makeSignal(seconds:sampleRate:)``'s signal, without building it all.
    static func signalBlock(start: Int, count: Int, sampleRate: Double) -> [Float] {
        (start..<(start + count)).map { i in
            let t = Double(i) / sampleRate
            var state = UInt64(truncatingIfNeeded: i) &* 0x9E37_79B9_7F4A_7C15 &+ 0x632B_E59B_D9B4_E019
            state ^= state >> 29
            let noise = Double(Int64(bitPattern: state >> 11) % 2001) / 1000 - 1
            let beat = t.truncatingRemainder(dividingBy: 0.5)
            let pulse = exp(-beat * 30) * sin(2 * .pi * 110 * t)
            let chord = (sin(2 * .pi * 261.6 * t) + sin(2 * .pi * 329.6 * t) + sin(2 * .pi * 392 * t)) / 3
            let swell = 0.3 + 0.7 * pow(sin(Double.pi * t / 40), 2)
            return Float(swell * (0.4 * chord + 0.4 * pulse + 0.02 * noise))
        }
    }

    /// The process's peak resident set (`VmHWM` in `/proc/self/status`), in bytes; 0 where unavailable.
    static func peakRSSBytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let digits = line.split(separator: " ").compactMap { Int($0) }
            return (digits.first ?? 0) * 1024
        }
        return 0
    }
}
