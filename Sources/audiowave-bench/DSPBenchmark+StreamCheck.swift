import AudioWave
import Foundation

extension DSPBenchmark {
    /// Compares ``SummaryFeatureStream`` with the exact path (``FeatureExtractor/extract(samples:)`` and
    /// ``FrameFeatures/summaries()``) on real recordings: each file alone with a short lookahead (the long-file
    /// regime on short files), and all files joined into one long signal with the default lookahead.
    func runStreamCheck(folder: String, lookahead: Int) throws {
        let extractor = try FeatureExtractor()
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
            .filter { ["wav", "flac", "mp3", "ogg"].contains(($0 as NSString).pathExtension.lowercased()) }
        let tempo = TempoEstimator()
        let key = KeyEstimator()
        var recordings: [(name: String, samples: [Float])] = []
        for name in names {
            let path = (folder as NSString).appendingPathComponent(name)
            guard let decoded = try? AudioDecoder.decodeMono(path: path) else { continue }
            recordings.append((name, decoded.samples))
        }
        print("Summary stream vs exact path on \(recordings.count) recordings in \(folder)")

        // 1. Each file with a short lookahead.
        var correlations: [Double] = []
        var tempoSame = 0
        var keySame = 0
        var mfccDifference = 0.0
        for recording in recordings {
            let whole = extractor.extract(samples: recording.samples)
            let stream = SummaryFeatureStream(extractor: extractor, lookaheadFrames: lookahead)
            stream.add(samples: recording.samples)
            let streamed = stream.finish()
            correlations.append(Self.correlation(streamed.onsetEnvelope, whole.onsetEnvelope))
            let a = tempo.estimate(
                onsetEnvelope: whole.onsetEnvelope, sampleRate: whole.sampleRate, hopLength: whole.hopLength)
            let b = tempo.estimate(
                onsetEnvelope: streamed.onsetEnvelope, sampleRate: whole.sampleRate, hopLength: whole.hopLength)
            if abs((a?.bpm ?? 0) - (b?.bpm ?? 0)) < 0.05 { tempoSame += 1 }
            if key.estimate(chromagram: whole.chroma)?.key == key.estimate(chromagram: streamed.chroma)?.key {
                keySame += 1
            }
            let exact = whole.summaries()
            for (x, y) in zip(exact.mfccMean, streamed.summaries?.mfccMean ?? []) {
                mfccDifference = max(mfccDifference, abs(x - y))
            }
        }
        let sorted = correlations.sorted()
        print(
            "  each file alone, \(lookahead)-frame lookahead:",
            "onset correlation min \(format(sorted.first ?? 0, digits: 4)),",
            "median \(format(sorted.isEmpty ? 0 : sorted[sorted.count / 2], digits: 4));",
            "same tempo \(tempoSame)/\(recordings.count), same key \(keySame)/\(recordings.count),",
            "largest MFCC-mean difference \(format(mfccDifference, digits: 3))")

        // 2. All files joined: a long file in which the default lookahead (1 min) is short.
        var joined: [Float] = []
        var bounds: [(String, Range<Int>)] = []
        for recording in recordings {
            bounds.append((recording.name, joined.count..<(joined.count + recording.samples.count)))
            joined += recording.samples
        }
        let whole = extractor.extract(samples: joined)
        let stream = SummaryFeatureStream(extractor: extractor)
        for start in stride(from: 0, to: joined.count, by: 4096) {
            stream.add(samples: Array(joined[start..<min(joined.count, start + 4096)]))
        }
        let streamed = stream.finish()
        let hop = whole.hopLength
        var sameTempo = 0
        var segmentCorrelations: [Double] = []
        for (_, range) in bounds {
            let frames = (range.lowerBound / hop)..<min(whole.frameCount, range.upperBound / hop)
            let a = Array(whole.onsetEnvelope[frames])
            let b = Array(streamed.onsetEnvelope[frames])
            segmentCorrelations.append(Self.correlation(a, b))
            let ta = tempo.estimate(onsetEnvelope: a, sampleRate: whole.sampleRate, hopLength: hop)
            let tb = tempo.estimate(onsetEnvelope: b, sampleRate: whole.sampleRate, hopLength: hop)
            if abs((ta?.bpm ?? 0) - (tb?.bpm ?? 0)) < 0.05 { sameTempo += 1 }
        }
        let exact = whole.summaries()
        // A stream of the default scope (.all) always has summaries.
        let reduced = streamed.summaries
        let deltas = zip(
            exact.mfccMean + exact.contrastMean + [exact.onsetStrength.mean],
            (reduced?.mfccMean ?? []) + (reduced?.contrastMean ?? []) + [reduced?.onsetStrength.mean ?? .nan]
        )
        .map { abs($0 - $1) }
        let segmentsSorted = segmentCorrelations.sorted()
        print(
            "  all joined (\(format(Double(joined.count) / whole.sampleRate / 60, digits: 1)) min, default lookahead):",
            "whole-envelope correlation \(format(Self.correlation(whole.onsetEnvelope, streamed.onsetEnvelope), digits: 5)),",
            "per-file min \(format(segmentsSorted.first ?? 0, digits: 4)); same per-file tempo \(sameTempo)/\(bounds.count);",
            "largest |Δ| of MFCC/contrast/onset means \(format(deltas.max() ?? 0, digits: 4))")
    }

    static func correlation(_ a: [Float], _ b: [Float]) -> Double {
        let n = Double(min(a.count, b.count))
        guard n > 1 else { return 1 }
        let meanA = a.reduce(0) { $0 + Double($1) } / n
        let meanB = b.reduce(0) { $0 + Double($1) } / n
        var ab = 0.0, aa = 0.0, bb = 0.0
        for (x, y) in zip(a, b) {
            let dx = Double(x) - meanA, dy = Double(y) - meanB
            ab += dx * dy
            aa += dx * dx
            bb += dy * dy
        }
        return aa > 0 && bb > 0 ? ab / (aa * bb).squareRoot() : (aa == bb ? 1 : 0)
    }
}
