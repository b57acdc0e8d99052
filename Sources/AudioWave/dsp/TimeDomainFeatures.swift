/// Frame-wise features of the waveform itself, on the same centred frame grid as the ``STFT``.
///
/// One kernel, ``frame(start:frameLength:samples:bufferStart:available:firstSample:)``, computes both features
/// of one frame; ``FeatureStream`` calls it as frames complete, and the whole-array functions below call it
/// for every frame of the signal.
public enum TimeDomainFeatures {
    /// Root-mean-square level of each centred frame: `√(mean(x²))` over `frameLength` samples, the signal
    /// zero-padded by `frameLength / 2` on each side (librosa `feature.rms(center=True, pad_mode="constant")`).
    /// - Returns: `1 + samples.count / hopLength` values (none for an empty signal).
    public static func rms(of samples: [Float], frameLength: Int = 2048, hopLength: Int = 512) -> [Float] {
        frames(of: samples, frameLength: frameLength, hopLength: hopLength).map(\.rms)
    }

    /// Zero-crossing rate of each centred frame: the fraction of adjacent sample pairs within the frame whose
    /// signs differ, values with `|x| ≤ 1e-10` counting as positive zero. The signal is padded by repeating its
    /// edge samples (librosa `feature.zero_crossing_rate(center=True)`, which pads with `mode="edge"`).
    /// - Returns: `1 + samples.count / hopLength` values in `0...1` (none for an empty signal).
    public static func zeroCrossingRate(of samples: [Float], frameLength: Int = 2048, hopLength: Int = 512) -> [Float] {
        guard frameLength > 1 else { return [] }
        return frames(of: samples, frameLength: frameLength, hopLength: hopLength).map(\.zeroCrossingRate)
    }

    /// Both features of every centred frame of a whole signal.
    static func frames(
        of samples: [Float], frameLength: Int, hopLength: Int
    ) -> [(rms: Float, zeroCrossingRate: Float)] {
        guard let first = samples.first, frameLength > 0, hopLength > 0 else { return [] }
        return (0...(samples.count / hopLength)).map { t in
            frame(
                start: t * hopLength - frameLength / 2, frameLength: frameLength, samples: samples, bufferStart: 0,
                available: samples.count, firstSample: first)
        }
    }

    /// RMS (zero padding) and zero-crossing rate (edge padding) of the frame of `frameLength` samples starting at
    /// signal sample `start` (negative for the first, centred frames).
    /// - Parameters:
    ///   - samples: signal samples from number `bufferStart` on (a stream drops the ones no frame reads any more).
    ///   - available: signal samples known so far; samples past it count as padding (the signal's end).
    ///   - firstSample: signal sample 0, the left edge padding of the zero-crossing rate.
    @inline(__always)
    static func frame(
        start: Int, frameLength: Int, samples: [Float], bufferStart: Int, available: Int, firstSample: Float
    ) -> (rms: Float, zeroCrossingRate: Float) {
        if start >= 0, start + frameLength <= available {
            // The frame lies inside the signal: one plain pass, no padding.
            let offset = start - bufferStart
            var energy: Double = 0
            var crossings = 0
            var previous = samples[offset] < -1e-10
            for i in offset..<(offset + frameLength) {
                let x = samples[i]
                energy += Double(x) * Double(x)
                let current = x < -1e-10
                crossings += current != previous ? 1 : 0
                previous = current
            }
            return (Float((energy / Double(frameLength)).squareRoot()), Float(crossings) / Float(frameLength))
        }
        let lower = max(0, start)
        let upper = min(available, start + frameLength)
        var energy: Double = 0
        if lower < upper {
            for i in lower..<upper {
                let x = Double(samples[i - bufferStart])
                energy += x * x
            }
        }
        // Padded sample p is x[clamp(p, 0, available − 1)]; count sign changes between neighbours in the frame.
        func isNegative(_ p: Int) -> Bool {
            let index = min(available - 1, max(0, p))
            let x = index < bufferStart ? firstSample : samples[index - bufferStart]
            return x < -1e-10
        }
        var crossings = 0
        var previous = isNegative(start)
        for p in (start + 1)..<(start + frameLength) {
            let current = isNegative(p)
            if current != previous { crossings += 1 }
            previous = current
        }
        return (Float((energy / Double(frameLength)).squareRoot()), Float(crossings) / Float(frameLength))
    }
}
