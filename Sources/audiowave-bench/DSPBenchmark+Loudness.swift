import AudioWave
import Foundation

extension DSPBenchmark {
    /// Times the loudness meter per audio minute on 44.1 kHz stereo, with libebur128 for everything (the
    /// reference) and with the native gate and skipping true-peak interpolator (what ships), and prints how far
    /// their figures differ.
    func runLoudness() throws {
        let sampleRate = 44100
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        let noise = (0..<(2 * Int(seconds) * sampleRate)).map { _ -> Float in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Float(Int64(bitPattern: state >> 11) % 20001) / 10000 - 1
        }
        var inputs: [(String, [Float])] = [
            ("synthetic music-like", Self.makeStereo(seconds: seconds, sampleRate: sampleRate)),
            ("full-scale noise (worst case)", noise),
        ]
        if let loudnessFile {
            let properties = try AudioDecoder.probe(path: loudnessFile)
            var interleaved: [Float] = []
            _ = try AudioDecoder.decodeMono(path: loudnessFile, options: DecodingOptions(sampleRate: nil)) {
                block, frames, channels in
                interleaved.append(contentsOf: block[0..<(frames * channels)])
            }
            if properties.channelCount == 2, properties.sampleRate == sampleRate {
                inputs.append(((loudnessFile as NSString).lastPathComponent, interleaved))
            } else {
                print("(skipping \(loudnessFile): the loudness benchmark wants 44.1 kHz stereo)")
            }
        }
        print("")
        print(
            "Loudness, 44.1 kHz stereo, 4096-frame blocks, thread CPU ms per audio minute (median of \(repetitions)):")
        print(pad("input", 28), pad("method", 38), pad("ms/min", 8), pad("× real time", 12), "figures")
        for (name, interleaved) in inputs {
            let minutes = Double(interleaved.count / 2) / Double(sampleRate) / 60
            var figures: [LoudnessMeter.Implementation: Loudness] = [:]
            for method in [LoudnessMeter.Implementation.libebur128, .native] {
                var meter: LoudnessMeter?
                let timing = measure {
                    meter = try? LoudnessMeter(channelCount: 2, sampleRate: sampleRate, implementation: method)
                    for start in stride(from: 0, to: interleaved.count, by: 8192) {
                        meter?.add(interleaved: Array(interleaved[start..<min(interleaved.count, start + 8192)]))
                    }
                    _ = meter?.result()
                }
                guard let meter else { continue }
                let loudness = meter.result()
                figures[method] = loudness
                let work = meter.truePeakWork
                let label =
                    method == .libebur128
                    ? "reference: libebur128 I+LRA+TRUE_PEAK"
                    : String(
                        format: "native: gate + TP (%.0f%% interp.)",
                        100 * Double(work.interpolated) / Double(max(1, work.interpolated + work.skipped)))
                print(
                    pad(String(name.prefix(27)), 28), pad(label, 38), pad(format(timing.cpuMs / minutes, digits: 1), 8),
                    pad(format(minutes * 60 / (timing.cpuMs / 1000), digits: 0) + "×", 12),
                    String(
                        format: "%.2f LUFS, LRA %.2f, SP %.3f, TP %.4f dB", loudness.integratedLUFS ?? -.infinity,
                        loudness.loudnessRangeLU, loudness.samplePeakDBFS ?? -.infinity,
                        loudness.truePeakDBTP ?? -.infinity))
            }
            if let reference = figures[.libebur128], let native = figures[.native] {
                print(
                    pad("", 28),
                    String(
                        format: "native − reference: integrated %+.5f LU, range %+.5f LU, true peak %+.5f dB",
                        (native.integratedLUFS ?? 0) - (reference.integratedLUFS ?? 0),
                        native.loudnessRangeLU - reference.loudnessRangeLU,
                        (native.truePeakDBTP ?? 0) - (reference.truePeakDBTP ?? 0)))
            }
        }
    }

    /// A stereo music-like signal with dynamics: the mono test signal, swelling and fading every 8 s, the right
    /// channel a few samples late and 2 dB lower, driven into clipping on the loudest swells.
    static func makeStereo(seconds: Double, sampleRate: Int) -> [Float] {
        let mono = makeSignal(seconds: seconds, sampleRate: Double(sampleRate))
        var output = [Float](repeating: 0, count: 2 * mono.count)
        for i in mono.indices {
            let t = Double(i) / Double(sampleRate)
            let swell = Float(0.2 + 2.2 * pow(sin(Double.pi * t / 8), 4))
            let left = max(-1, min(1, swell * mono[i]))
            let right = max(-1, min(1, 0.8 * swell * mono[max(0, i - 7)]))
            output[2 * i] = left
            output[2 * i + 1] = right
        }
        return output
    }
}
