import Foundation

/// The K-weighting pre-filter of ITU-R BS.1770-4 (a high shelf, then a high pass), for any sample rate.
///
/// The recommendation gives the two biquads' coefficients at 48 kHz only. For other rates they come from the
/// analogue prototypes by the bilinear transform with pre-warping, with the prototype constants (shelf centre
/// 1681.97 Hz, gain 3.99984 dB, Q 0.70718, the shelf's mid gain exponent 0.49967; high-pass corner 38.135 Hz,
/// Q 0.50033) that reproduce the recommendation's 48 kHz coefficients. These constants are the ones libebur128
/// derives (R. Hogrefe, `ebur128_init_filter`), so that the two meters agree at every rate.
///
/// The two sections run in transposed direct form II in double precision; a channel's state is 4 numbers.
struct KWeightingFilter: Sendable {
    /// One second-order section: y = (b0 + b1 z⁻¹ + b2 z⁻²) / (1 + a1 z⁻¹ + a2 z⁻²) x.
    struct Section: Sendable, Equatable {
        var b0: Double, b1: Double, b2: Double, a1: Double, a2: Double
    }

    /// The high shelf (the head's acoustic effect, stage 1 of BS.1770).
    let shelf: Section
    /// The high pass (the RLB weighting, stage 2).
    let highPass: Section

    /// The filter at `sampleRate` Hz (> 2 × 1682 Hz for a meaningful shelf; BS.1770 meters run at 8 kHz and up).
    init(sampleRate: Int) {
        let rate = Double(sampleRate)
        let shelfCentre = 1681.974450955533
        let shelfGainDB = 3.999843853973347
        let shelfQ = 0.7071752369554196
        let k = tan(Double.pi * shelfCentre / rate)
        let vh = pow(10, shelfGainDB / 20)
        let vb = pow(vh, 0.4996667741545416)
        let a0 = 1 + k / shelfQ + k * k
        shelf = Section(
            b0: (vh + vb * k / shelfQ + k * k) / a0, b1: 2 * (k * k - vh) / a0,
            b2: (vh - vb * k / shelfQ + k * k) / a0, a1: 2 * (k * k - 1) / a0, a2: (1 - k / shelfQ + k * k) / a0)
        let corner = 38.13547087602444
        let passQ = 0.5003270373238773
        let kp = tan(Double.pi * corner / rate)
        let p0 = 1 + kp / passQ + kp * kp
        highPass = Section(b0: 1, b1: -2, b2: 1, a1: 2 * (kp * kp - 1) / p0, a2: (1 - kp / passQ + kp * kp) / p0)
    }
}

extension KWeightingFilter {
    /// Two channels' states, one per lane: shelf s1, s2, high pass s1, s2.
    struct StereoState: Sendable {
        var u1 = SIMD2<Double>(repeating: 0), u2 = SIMD2<Double>(repeating: 0)
        var v1 = SIMD2<Double>(repeating: 0), v2 = SIMD2<Double>(repeating: 0)
    }

    /// A tiny constant added to every input sample (−400 dBFS). The high pass removes it, but it keeps both
    /// sections' states from decaying into subnormal numbers during silence, which would slow the loop by
    /// two orders of magnitude on x86 (libebur128 sets the flush-to-zero flag instead).
    static let antiDenormal = 1e-20

    /// Filters `count` samples of one channel, `input[start]`, `input[start + stride]`, …, and returns the sum
    /// of the squared outputs. `state` holds the channel's four state values (shelf s1, s2, high pass s1, s2)
    /// and is carried to the next call. Non-finite samples must have been replaced before.
    @inline(__always)
    func sumOfSquares(
        _ input: UnsafeBufferPointer<Float>, start: Int, stride: Int, count: Int, state: inout SIMD4<Double>
    ) -> Double {
        let s = shelf
        let h = highPass
        var (u1, u2, v1, v2) = (state[0], state[1], state[2], state[3])
        var sum = 0.0
        var index = start
        for _ in 0..<count {
            let x = Double(input[index]) + Self.antiDenormal
            index += stride
            let y = s.b0 * x + u1
            u1 = s.b1 * x - s.a1 * y + u2
            u2 = s.b2 * x - s.a2 * y
            let z = y + v1
            v1 = -2 * y - h.a1 * z + v2
            v2 = y - h.a2 * z
            sum += z * z
        }
        state = SIMD4(u1, u2, v1, v2)
        return sum
    }

    /// Filters `count` frames of two interleaved channels from frame `start` at once (the two chains are
    /// independent, so they run side by side in one vector), returning each channel's sum of squared outputs.
    /// `state` holds both channels' states as above, one lane each.
    @inline(__always)
    func sumOfSquaresStereo(
        _ input: UnsafeBufferPointer<Float>, start: Int, count: Int, state: inout StereoState
    ) -> SIMD2<Double> {
        let s = shelf
        let h = highPass
        var (u1, u2, v1, v2) = (state.u1, state.u2, state.v1, state.v2)
        var sum = SIMD2<Double>(repeating: 0)
        var index = 2 * start
        for _ in 0..<count {
            let x = SIMD2(Double(input[index]), Double(input[index + 1])) + Self.antiDenormal
            index += 2
            let y = s.b0 * x + u1
            u1 = s.b1 * x - s.a1 * y + u2
            u2 = s.b2 * x - s.a2 * y
            let z = y + v1
            v1 = -2 * y - h.a1 * z + v2
            v2 = y - h.a2 * z
            sum += z * z
        }
        state = StereoState(u1: u1, u2: u2, v1: v1, v2: v2)
        return sum
    }
}
