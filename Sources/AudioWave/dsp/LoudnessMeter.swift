import CEBUR128
import Foundation

/// A streaming loudness meter over libebur128: feed it the original channels at the native rate, block by block,
/// in the decoding pass; ask for the ``Loudness`` at the end.
///
/// Integrated loudness and loudness range come from libebur128. The sample and true peak are by default measured
/// here (``TruePeakMethod/skippingQuietRegions``): libebur128's scalar 4× interpolator costs about three times as
/// much as the rest of the meter, while a vectorised polyphase filter that skips the regions that cannot raise the
/// peak gives the same value (see ``TruePeakMeter``).
///
/// Channels follow libebur128's default map (L, R, C, LFE unused, Ls, Rs; further channels weigh like L/R).
/// Memory grows only by one value per 100 ms gating block. Not thread-safe: one meter per file.
public final class LoudnessMeter {
    /// Who measures the true peak.
    public enum TruePeakMethod: Sendable, Hashable {
        /// A vectorised polyphase interpolator (the same filter as libebur128) run only over regions whose
        /// sample peak comes within the filter's gain bound of the running true peak. The default.
        case skippingQuietRegions
        /// libebur128's own `EBUR128_MODE_TRUE_PEAK`, interpolating every sample (the reference).
        case libebur128
    }

    /// Number of interleaved channels.
    public let channelCount: Int
    /// Sample rate in Hz.
    public let sampleRate: Int
    /// Who measures the true peak.
    public let truePeakMethod: TruePeakMethod
    private var state: UnsafeMutablePointer<ebur128_state>?
    private var peakMeter: TruePeakMeter?
    /// Reused when a block holds non-finite samples that must be zeroed before metering.
    private var scratch: [Float] = []

    /// Opens a meter for integrated loudness, loudness range, sample peak and true peak.
    ///
    /// The corresponding C function is `ebur128_init`.
    /// - Parameters:
    ///   - channelCount: interleaved channels, 1...64.
    ///   - sampleRate: Hz, 8...2 822 400 (libebur128's limits).
    ///   - countsMonoTwice: weigh a mono signal as if played on two speakers (EBU R 128 s1 "dual mono":
    ///     +3 dB); off by default, as in BS.1770.
    ///   - truePeakMethod: who measures the true peak; default ``TruePeakMethod/skippingQuietRegions``.
    /// - Throws: ``DSPError`` `.loudnessMeterFailed` when the arguments are out of range or allocation fails.
    public init(
        channelCount: Int, sampleRate: Int, countsMonoTwice: Bool = false,
        truePeakMethod: TruePeakMethod = .skippingQuietRegions
    ) throws(DSPError) {
        guard (1...64).contains(channelCount), (8...2_822_400).contains(sampleRate) else {
            throw DSPError(
                .loudnessMeterFailed, field: "ebur128_init",
                reason: "unsupported layout: \(channelCount) channels at \(sampleRate) Hz")
        }
        var mode = EBUR128_MODE_I.rawValue | EBUR128_MODE_LRA.rawValue
        if truePeakMethod == .libebur128 { mode |= EBUR128_MODE_TRUE_PEAK.rawValue }
        guard let state = ebur128_init(UInt32(channelCount), UInt(sampleRate), Int32(mode)) else {
            throw DSPError(.loudnessMeterFailed, field: "ebur128_init", reason: "allocation failed")
        }
        if channelCount == 1, countsMonoTwice {
            ebur128_set_channel(state, 0, Int32(EBUR128_DUAL_MONO.rawValue))
        }
        self.state = state
        self.channelCount = channelCount
        self.sampleRate = sampleRate
        self.truePeakMethod = truePeakMethod
        if truePeakMethod == .skippingQuietRegions {
            peakMeter = TruePeakMeter(channelCount: channelCount, sampleRate: sampleRate)
        }
    }

    deinit {
        ebur128_destroy(&state)
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

    /// Adds interleaved frames straight from a decoder's buffer. The corresponding C function is
    /// `ebur128_add_frames_float`.
    func add(interleaved samples: UnsafeBufferPointer<Float>) {
        let frames = samples.count / channelCount
        guard frames > 0, let base = samples.baseAddress else { return }
        if samples.allSatisfy(\.isFinite) {
            ebur128_add_frames_float(state, base, frames)
            peakMeter?.add(interleaved: samples, frames: frames)
            return
        }
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: samples.map { $0.isFinite ? $0 : 0 })
        scratch.withUnsafeBufferPointer { clean in
            if let cleanBase = clean.baseAddress { ebur128_add_frames_float(state, cleanBase, frames) }
            peakMeter?.add(interleaved: clean, frames: frames)
        }
    }

    /// Samples (summed over channels) the true-peak interpolator ran on and skipped so far; both 0 with
    /// ``TruePeakMethod/libebur128``. For benchmarks.
    public var truePeakWork: (interpolated: Int, skipped: Int) {
        (peakMeter?.interpolatedCount ?? 0, peakMeter?.skippedCount ?? 0)
    }

    /// The loudness of everything added so far (the meter can go on afterwards).
    /// The corresponding C functions are `ebur128_loudness_global`, `ebur128_loudness_range` and, with
    /// ``TruePeakMethod/libebur128``, `ebur128_sample_peak` and `ebur128_true_peak`.
    public func result() -> Loudness {
        var integrated = -Double.infinity
        var range = 0.0
        if ebur128_loudness_global(state, &integrated) != 0 { integrated = -.infinity }
        if ebur128_loudness_range(state, &range) != 0 { range = 0 }
        var samplePeak = 0.0
        var truePeak = 0.0
        if let peakMeter {
            samplePeak = Double(peakMeter.samplePeak)
            truePeak = Double(peakMeter.truePeak)
        } else {
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
