/// Frame-wise features of the waveform itself, on the same centred frame grid as the ``STFT``.
public enum TimeDomainFeatures {
    /// Root-mean-square level of each centred frame: `√(mean(x²))` over `frameLength` samples, the signal
    /// zero-padded by `frameLength / 2` on each side (librosa `feature.rms(center=True, pad_mode="constant")`).
    /// - Returns: `1 + samples.count / hopLength` values (none for an empty signal).
    public static func rms(of samples: [Float], frameLength: Int = 2048, hopLength: Int = 512) -> [Float] {
        guard !samples.isEmpty, frameLength > 0, hopLength > 0 else { return [] }
        let frames = 1 + samples.count / hopLength
        let half = frameLength / 2
        var output = [Float](repeating: 0, count: frames)
        if frameLength % hopLength == 0, half % hopLength == 0 {
            // Energy of each hop-sized block of the padded signal; a frame sums frameLength / hop blocks,
            // so silent stretches give exact zeros and each sample is squared once.
            let blocksPerFrame = frameLength / hopLength
            let blockCount = frames - 1 + blocksPerFrame
            var blocks = [Double](repeating: 0, count: blockCount)
            for j in 0..<blockCount {
                let lower = max(0, min(samples.count, j * hopLength - half))
                let upper = max(0, min(samples.count, (j + 1) * hopLength - half))
                var sum: Double = 0
                for i in lower..<upper {
                    let x = Double(samples[i])
                    sum += x * x
                }
                blocks[j] = sum
            }
            for t in 0..<frames {
                var energy: Double = 0
                for j in t..<(t + blocksPerFrame) { energy += blocks[j] }
                output[t] = Float((energy / Double(frameLength)).squareRoot())
            }
            return output
        }
        for t in 0..<frames {
            let lower = max(0, min(samples.count, t * hopLength - half))
            let upper = max(0, min(samples.count, t * hopLength - half + frameLength))
            var energy: Double = 0
            for i in lower..<upper {
                let x = Double(samples[i])
                energy += x * x
            }
            output[t] = Float((energy / Double(frameLength)).squareRoot())
        }
        return output
    }

    /// Zero-crossing rate of each centred frame: the fraction of adjacent sample pairs within the frame whose
    /// signs differ, values with `|x| ≤ 1e-10` counting as positive zero. The signal is padded by repeating its
    /// edge samples (librosa `feature.zero_crossing_rate(center=True)`, which pads with `mode="edge"`).
    /// - Returns: `1 + samples.count / hopLength` values in `0...1` (none for an empty signal).
    public static func zeroCrossingRate(of samples: [Float], frameLength: Int = 2048, hopLength: Int = 512) -> [Float] {
        guard !samples.isEmpty, frameLength > 1, hopLength > 0 else { return [] }
        let n = samples.count
        let frames = 1 + n / hopLength
        let half = frameLength / 2
        // crossing[i] = 1 when padded samples i−1 and i differ in sign; prefix sums over the padded signal.
        let paddedCount = n + 2 * half
        func isNegative(_ paddedIndex: Int) -> Bool {
            let x = samples[min(n - 1, max(0, paddedIndex - half))]
            return x < -1e-10
        }
        var prefix = [Int32](repeating: 0, count: paddedCount + 1)
        var previous = isNegative(0)
        for i in 1..<paddedCount {
            let current = isNegative(i)
            prefix[i + 1] = prefix[i] + (current != previous ? 1 : 0)
            previous = current
        }
        var output = [Float](repeating: 0, count: frames)
        for t in 0..<frames {
            let start = t * hopLength
            let end = min(paddedCount, start + frameLength)
            // Pairs (i−1, i) for i in start+1 ..< end; the first sample of a frame has no predecessor.
            let count = end > start + 1 ? prefix[end] - prefix[start + 1] : 0
            output[t] = Float(count) / Float(frameLength)
        }
        return output
    }
}
