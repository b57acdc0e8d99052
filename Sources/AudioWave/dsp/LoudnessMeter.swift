import CEBUR128
import Foundation

/// A streaming loudness meter: feed it the original channels at the native rate, block by block, in the
/// decoding pass; ask for the ``Loudness`` at the end.
///
/// By default (``Implementation/native``) integrated loudness and loudness range come from ``LoudnessGate``
/// (K-weighting in double precision, each sample filtered and squared once) and the sample and true peak from
/// ``TruePeakMeter`` (a vectorised polyphase filter that skips the regions that cannot raise the peak). Both agree
/// with libebur128 within 0.01 LU / 0.01 dB on the fixtures and eval-dev (`LoudnessReferenceTests`), at a fraction
/// of its cost (`audiowave-bench dsp --loudness-only`). ``Implementation/libebur128`` measures everything with
/// libebur128, the reference the tests compare against.
///
/// Channels follow libebur128's default map (L, R, C, LFE unused, Ls, Rs; channels beyond the sixth unused).
/// Memory grows only by one value per 100 ms gating block. Not thread-safe: one meter per file.
public final class LoudnessMeter {
    /// Who measures.
    public enum Implementation: Sendable, Hashable {
        /// ``LoudnessGate`` and ``TruePeakMeter``. The default.
        case native
        /// libebur128 (`EBUR128_MODE_I | EBUR128_MODE_LRA | EBUR128_MODE_TRUE_PEAK`), interpolating every sample
        /// for the true peak: the reference.
        case libebur128
    }

    /// Number of interleaved channels.
    public let channelCount: Int
    /// Sample rate in Hz.
    public let sampleRate: Int
    /// Who measures.
    public let implementation: Implementation
    private var state: UnsafeMutablePointer<ebur128_state>?
    private var gate: LoudnessGate?
    private var peakMeter: TruePeakMeter?
    /// Reused when a block holds non-finite samples that must be zeroed before metering.
    private var scratch: [Float] = []

    /// Opens a meter for integrated loudness, loudness range, sample peak and true peak.
    ///
    /// With ``Implementation/libebur128`` the corresponding C function is `ebur128_init`.
    /// - Parameters:
    ///   - channelCount: interleaved channels, 1...64.
    ///   - sampleRate: Hz, 8...2 822 400 (libebur128's limits, kept for both implementations).
    ///   - countsMonoTwice: weigh a mono signal as if played on two speakers (EBU R 128 s1 "dual mono":
    ///     +3 dB); off by default, as in BS.1770.
    ///   - implementation: who measures; default ``Implementation/native``.
    /// - Throws: ``DSPError`` `.loudnessMeterFailed` when the arguments are out of range or allocation fails.
    public init(
        channelCount: Int, sampleRate: Int, countsMonoTwice: Bool = false,
        implementation: Implementation = .native
    ) throws(DSPError) {
        guard (1...64).contains(channelCount), (8...2_822_400).contains(sampleRate) else {
            throw DSPError(
                .loudnessMeterFailed, field: "ebur128_init",
                reason: "unsupported layout: \(channelCount) channels at \(sampleRate) Hz")
        }
        self.channelCount = channelCount
        self.sampleRate = sampleRate
        self.implementation = implementation
        switch implementation {
        case .native:
            gate = LoudnessGate(channelCount: channelCount, sampleRate: sampleRate, countsMonoTwice: countsMonoTwice)
            peakMeter = TruePeakMeter(channelCount: channelCount, sampleRate: sampleRate)
        case .libebur128:
            let mode = EBUR128_MODE_I.rawValue | EBUR128_MODE_LRA.rawValue | EBUR128_MODE_TRUE_PEAK.rawValue
            guard let state = ebur128_init(UInt32(channelCount), UInt(sampleRate), Int32(mode)) else {
                throw DSPError(.loudnessMeterFailed, field: "ebur128_init", reason: "allocation failed")
            }
            if channelCount == 1, countsMonoTwice {
                ebur128_set_channel(state, 0, Int32(EBUR128_DUAL_MONO.rawValue))
            }
            self.state = state
        }
    }

    deinit {
        if state != nil { ebur128_destroy(&state) }
    }

    /// Adds interleaved frames (`samples.count / channelCount` of them; a trailing partial frame is ignored).
    /// NaN and infinite samples count as 0.
    public func add(interleaved samples: [Float]) {
        samples.withUnsafeBufferPointer { add(interleaved: $0) }
    }

    /// Adds the first `frameCount` interleaved frames of `samples` (a decoder's reused block buffer may be longer
    /// than the block it holds). NaN and infinite samples count as 0.
    public func add(interleaved samples: [Float], frameCount: Int) {
        let count = min(samples.count, max(0, frameCount) * channelCount)
        samples.withUnsafeBufferPointer { add(interleaved: UnsafeBufferPointer(rebasing: $0[0..<count])) }
    }

    /// Adds interleaved frames straight from a decoder's buffer. With ``Implementation/libebur128`` the
    /// corresponding C function is `ebur128_add_frames_float`.
    func add(interleaved samples: UnsafeBufferPointer<Float>) {
        let frames = samples.count / channelCount
        guard frames > 0 else { return }
        if FiniteSamples.allFinite(samples) {
            measure(samples, frames: frames)
            return
        }
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: samples.map { $0.isFinite ? $0 : 0 })
        scratch.withUnsafeBufferPointer { measure($0, frames: frames) }
    }

    private func measure(_ samples: UnsafeBufferPointer<Float>, frames: Int) {
        if let state, let base = samples.baseAddress { ebur128_add_frames_float(state, base, frames) }
        gate?.add(interleaved: samples, frames: frames)
        peakMeter?.add(interleaved: samples, frames: frames)
    }

    /// Samples (summed over channels) the true-peak interpolator ran on and skipped so far; both 0 with
    /// ``Implementation/libebur128``. For benchmarks.
    public var truePeakWork: (interpolated: Int, skipped: Int) {
        (peakMeter?.interpolatedCount ?? 0, peakMeter?.skippedCount ?? 0)
    }

    /// The loudness of everything added so far (the meter can go on afterwards).
    /// With ``Implementation/libebur128`` the corresponding C functions are `ebur128_loudness_global`,
    /// `ebur128_loudness_range`, `ebur128_sample_peak` and `ebur128_true_peak`.
    public func result() -> Loudness {
        var integrated = -Double.infinity
        var range = 0.0
        if let gate {
            integrated = gate.integratedLUFS ?? -.infinity
            range = gate.loudnessRangeLU
        } else if let state {
            if ebur128_loudness_global(state, &integrated) != 0 { integrated = -.infinity }
            if ebur128_loudness_range(state, &range) != 0 { range = 0 }
        }
        var samplePeak = 0.0
        var truePeak = 0.0
        if let peakMeter {
            samplePeak = Double(peakMeter.samplePeak)
            truePeak = Double(peakMeter.truePeak)
        } else if let state {
            for channel in 0..<channelCount {
                var value = 0.0
                if ebur128_sample_peak(state, UInt32(channel), &value) == 0, value.isFinite {
                    samplePeak = max(samplePeak, value)
                }
                if ebur128_true_peak(state, UInt32(channel), &value) == 0, value.isFinite {
                    truePeak = max(truePeak, value)
                }
            }
        }
        func decibels(_ linear: Double) -> Double? { linear > 0 ? 20 * log10(linear) : nil }
        return Loudness(
            integratedLUFS: integrated.isFinite ? integrated : nil,
            loudnessRangeLU: range.isFinite ? max(0, range) : 0,
            samplePeakDBFS: decibels(samplePeak),
            truePeakDBTP: decibels(truePeak))
    }
}
