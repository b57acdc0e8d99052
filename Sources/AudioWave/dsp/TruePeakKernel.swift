/// The inner loops of the true-peak measurement, on raw buffers so that the optimiser vectorises them and no
/// bounds check sits in the loop. Pointers stay inside these functions.
enum TruePeakKernel {
    /// Copies channel `channel` of `frames` interleaved frames into `line[offset ..< offset + frames]` and
    /// writes the largest magnitude of each `chunkLength` of them (the last chunk may be shorter) to
    /// `peaks[firstPeak...]`, in one pass over the samples.
    static func deinterleave(
        _ interleaved: UnsafeBufferPointer<Float>, channel: Int, channelCount: Int, frames: Int,
        into line: inout [Float], at offset: Int, chunkLength: Int, peaks: inout [Float], at firstPeak: Int
    ) {
        let chunkCount = (frames + chunkLength - 1) / chunkLength
        precondition(frames * channelCount <= interleaved.count && offset + frames <= line.count)
        precondition(chunkLength > 0 && firstPeak + chunkCount <= peaks.count)
        guard let input = interleaved.baseAddress else { return }
        line.withUnsafeMutableBufferPointer { lineBuffer in
            peaks.withUnsafeMutableBufferPointer { peakBuffer in
                guard let output = lineBuffer.baseAddress else { return }
                for chunk in 0..<chunkCount {
                    let start = chunk * chunkLength
                    let end = min(frames, start + chunkLength)
                    // Four independent chains of plain comparisons, as in peakMagnitude.
                    var m0: Float = 0, m1: Float = 0, m2: Float = 0, m3: Float = 0
                    var i = start
                    while i + 4 <= end {
                        let a = input[i * channelCount + channel], b = input[(i + 1) * channelCount + channel]
                        let c = input[(i + 2) * channelCount + channel], d = input[(i + 3) * channelCount + channel]
                        output[offset + i] = a
                        output[offset + i + 1] = b
                        output[offset + i + 2] = c
                        output[offset + i + 3] = d
                        m0 = a.magnitude > m0 ? a.magnitude : m0
                        m1 = b.magnitude > m1 ? b.magnitude : m1
                        m2 = c.magnitude > m2 ? c.magnitude : m2
                        m3 = d.magnitude > m3 ? d.magnitude : m3
                        i += 4
                    }
                    while i < end {
                        let a = input[i * channelCount + channel]
                        output[offset + i] = a
                        m0 = a.magnitude > m0 ? a.magnitude : m0
                        i += 1
                    }
                    peakBuffer[firstPeak + chunk] = max(max(m0, m1), max(m2, m3))
                }
            }
        }
    }

    /// The largest `|line[i]|` for `i` in `range` (0 for an empty range).
    static func peakMagnitude(of line: [Float], in range: Range<Int>) -> Float {
        precondition(range.lowerBound >= 0 && range.upperBound <= line.count)
        return line.withUnsafeBufferPointer { x in
            guard let base = x.baseAddress else { return 0 }
            // Four independent chains of plain comparisons (no generic SIMD calls, fast in debug builds too).
            var m0: Float = 0, m1: Float = 0, m2: Float = 0, m3: Float = 0
            var i = range.lowerBound
            while i + 4 <= range.upperBound {
                let a = base[i].magnitude, b = base[i + 1].magnitude
                let c = base[i + 2].magnitude, d = base[i + 3].magnitude
                m0 = a > m0 ? a : m0
                m1 = b > m1 ? b : m1
                m2 = c > m2 ? c : m2
                m3 = d > m3 ? d : m3
                i += 4
            }
            while i < range.upperBound {
                let a = base[i].magnitude
                m0 = a > m0 ? a : m0
                i += 1
            }
            return max(max(m0, m1), max(m2, m3))
        }
    }

    /// The largest `|y_p[n]|` over the kept phases of `filter` for output positions `n` in `range`, where
    /// `y_p[n] = Σ_k c_p[k] · line[n − k]`. Requires `range.lowerBound ≥ filter.tapCount − 1`.
    ///
    /// Eight neighbouring outputs are accumulated at once in eight independent scalars: the optimiser turns the
    /// eight multiply-adds per tap into one vector operation (SLP vectorisation), and unoptimised (debug) builds
    /// stay fast because no generic `SIMD` operation is called.
    static func interpolatedPeak(of line: [Float], in range: Range<Int>, filter: TruePeakFilter) -> Float {
        let taps = filter.tapCount
        let phases = filter.phaseCount
        guard phases > 0, !range.isEmpty else { return 0 }
        precondition(range.lowerBound >= taps - 1 && range.upperBound <= line.count)
        return line.withUnsafeBufferPointer { x in
            filter.coefficients.withUnsafeBufferPointer { c in
                guard let xBase = x.baseAddress, let cBase = c.baseAddress else { return 0 }
                var peak: Float = 0
                var n = range.lowerBound
                while n + 8 <= range.upperBound {
                    for p in 0..<phases {
                        var s0: Float = 0, s1: Float = 0, s2: Float = 0, s3: Float = 0
                        var s4: Float = 0, s5: Float = 0, s6: Float = 0, s7: Float = 0
                        let row = cBase + p * taps
                        for k in 0..<taps {
                            let h = row[k]
                            let v = xBase + (n - k)
                            s0 += h * v[0]
                            s1 += h * v[1]
                            s2 += h * v[2]
                            s3 += h * v[3]
                            s4 += h * v[4]
                            s5 += h * v[5]
                            s6 += h * v[6]
                            s7 += h * v[7]
                        }
                        peak = Self.largest(peak, s0, s1, s2, s3, s4, s5, s6, s7)
                    }
                    n += 8
                }
                while n < range.upperBound {
                    for p in 0..<phases {
                        var sum: Float = 0
                        for k in 0..<taps { sum += cBase[p * taps + k] * xBase[n - k] }
                        peak = Self.largest(peak, sum, 0, 0, 0, 0, 0, 0, 0)
                    }
                    n += 1
                }
                return peak
            }
        }
    }

    /// `max(peak, |a|, …, |h|)` with plain comparisons.
    @inline(__always)
    static func largest(
        _ peak: Float, _ a: Float, _ b: Float, _ c: Float, _ d: Float, _ e: Float, _ f: Float, _ g: Float, _ h: Float
    ) -> Float {
        let m0 = max(a.magnitude, b.magnitude)
        let m1 = max(c.magnitude, d.magnitude)
        let m2 = max(e.magnitude, f.magnitude)
        let m3 = max(g.magnitude, h.magnitude)
        return max(peak, max(max(m0, m1), max(m2, m3)))
    }
}
