/// The inner loops of the true-peak measurement, on raw buffers so that they compile to unaligned SIMD loads and
/// fused multiply-adds. Pointers stay inside these functions.
enum TruePeakKernel {
    /// Copies channel `channel` of `frames` interleaved frames into `line[offset ..< offset + frames]`.
    static func deinterleave(
        _ interleaved: UnsafeBufferPointer<Float>, channel: Int, channelCount: Int, frames: Int,
        into line: inout [Float], at offset: Int
    ) {
        precondition(frames * channelCount <= interleaved.count && offset + frames <= line.count)
        line.withUnsafeMutableBufferPointer { output in
            for i in 0..<frames { output[offset + i] = interleaved[i * channelCount + channel] }
        }
    }

    /// The largest `|line[i]|` for `i` in `range` (0 for an empty range).
    static func peakMagnitude(of line: [Float], in range: Range<Int>) -> Float {
        precondition(range.lowerBound >= 0 && range.upperBound <= line.count)
        return line.withUnsafeBufferPointer { x in
            guard let base = x.baseAddress else { return 0 }
            let raw = UnsafeRawPointer(base)
            var vectorPeak = SIMD8<Float>.zero
            var i = range.lowerBound
            while i + 8 <= range.upperBound {
                let v = raw.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
                vectorPeak = Self.maxMagnitude(vectorPeak, v)
                i += 8
            }
            var peak = vectorPeak.max()
            while i < range.upperBound {
                peak = max(peak, abs(x[i]))
                i += 1
            }
            return peak
        }
    }

    /// Lane-wise `max(peak, |v|)` by masks (compiles to compares and blends, no calls).
    @inline(__always)
    static func maxMagnitude(_ peak: SIMD8<Float>, _ v: SIMD8<Float>) -> SIMD8<Float> {
        let magnitude = v.replacing(with: -v, where: v .< 0)
        return peak.replacing(with: magnitude, where: magnitude .> peak)
    }

    /// The largest `|y_p[n]|` over the kept phases of `filter` for output positions `n` in `range`, where
    /// `y_p[n] = Σ_k c_p[k] · line[n − k]`. Requires `range.lowerBound ≥ filter.tapCount − 1`.
    static func interpolatedPeak(of line: [Float], in range: Range<Int>, filter: TruePeakFilter) -> Float {
        let taps = filter.tapCount
        let phases = filter.phaseCount
        guard phases > 0, !range.isEmpty else { return 0 }
        precondition(range.lowerBound >= taps - 1 && range.upperBound <= line.count)
        return line.withUnsafeBufferPointer { x in
            filter.coefficients.withUnsafeBufferPointer { c in
                guard let base = x.baseAddress else { return 0 }
                let raw = UnsafeRawPointer(base)
                var vectorPeak = SIMD8<Float>.zero
                var n = range.lowerBound
                while n + 8 <= range.upperBound {
                    for p in 0..<phases {
                        var sum = SIMD8<Float>.zero
                        let row = p * taps
                        for k in 0..<taps {
                            let v = raw.loadUnaligned(fromByteOffset: (n - k) * 4, as: SIMD8<Float>.self)
                            sum += v * c[row + k]  // not addingProduct: without FMA in the target that calls libm's fmaf per lane
                        }
                        vectorPeak = Self.maxMagnitude(vectorPeak, sum)
                    }
                    n += 8
                }
                var peak = vectorPeak.max()
                while n < range.upperBound {
                    for p in 0..<phases {
                        var sum: Float = 0
                        for k in 0..<taps { sum += c[p * taps + k] * x[n - k] }
                        peak = max(peak, abs(sum))
                    }
                    n += 1
                }
                return peak
            }
        }
    }
}
