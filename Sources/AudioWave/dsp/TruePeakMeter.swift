/// Streaming true peak (ITU-R BS.1770-4 Annex 2) and sample peak over all channels, interpolating only where the
/// result can change.
///
/// Each channel is cut into chunks of ``chunkLength`` samples. A chunk's interpolated values depend on its own
/// samples and the `tapCount − 1` before it; by the triangle inequality none exceeds
/// ``TruePeakFilter/gainBound`` times the largest of those sample magnitudes. When that bound does not beat the
/// running true peak (which already includes the sample peak of the whole block, as libebur128 reports
/// `max(true peak, sample peak)`), the chunk is skipped: skipping never changes the result. With the
/// 49-point filter the bound is 1.86 (5.4 dB), so only chunks whose peak lies within 5.4 dB of the running
/// peak are interpolated. The last `tapCount − 1` samples of each channel are carried to the next block, so
/// block boundaries see the same inputs as one long signal (interpolation starts from zeros, like libebur128's).
struct TruePeakMeter {
    /// Samples per skip decision.
    static let chunkLength = 128
    let filter: TruePeakFilter
    let channelCount: Int
    /// Samples of history each chunk's interpolation reads before its first sample.
    let historyLength: Int
    /// Per channel: `historyLength` carried samples, then the current block.
    private var lines: [[Float]]
    /// Largest absolute sample value so far, over all channels.
    private(set) var samplePeak: Float = 0
    /// Largest of the sample peak and every interpolated value so far, over all channels.
    private(set) var truePeak: Float = 0
    /// Samples (per channel, summed) that were interpolated and that were skipped; for benchmarks.
    private(set) var interpolatedCount = 0
    private(set) var skippedCount = 0
    private var chunkPeaks: [Float] = []

    init(channelCount: Int, sampleRate: Int) {
        filter = TruePeakFilter(sampleRate: sampleRate)
        self.channelCount = channelCount
        historyLength = max(0, filter.tapCount - 1)
        precondition(historyLength <= Self.chunkLength, "chunks must cover the filter's history")
        lines = [[Float]](repeating: [Float](repeating: 0, count: historyLength), count: channelCount)
    }

    /// Adds `frames` interleaved frames of finite samples.
    mutating func add(interleaved samples: UnsafeBufferPointer<Float>, frames: Int) {
        guard frames > 0 else { return }
        let history = historyLength
        let chunkCount = (frames + Self.chunkLength - 1) / Self.chunkLength
        if chunkPeaks.count < channelCount * chunkCount {
            chunkPeaks = [Float](repeating: 0, count: channelCount * chunkCount)
        }
        // Pass 1: every chunk's sample peak; the block's peak raises the bar before any interpolation.
        for channel in 0..<channelCount {
            if lines[channel].count < history + frames {
                lines[channel].append(contentsOf: repeatElement(0, count: history + frames - lines[channel].count))
            }
            TruePeakKernel.deinterleave(
                samples, channel: channel, channelCount: channelCount, frames: frames, into: &lines[channel],
                at: history, chunkLength: Self.chunkLength, peaks: &chunkPeaks, at: channel * chunkCount)
            for chunk in 0..<chunkCount { samplePeak = max(samplePeak, chunkPeaks[channel * chunkCount + chunk]) }
        }
        truePeak = max(truePeak, samplePeak)
        // Pass 2: interpolate only the chunks whose bound beats the running peak.
        guard filter.phaseCount > 0 else { return }
        for channel in 0..<channelCount {
            var previousPeak = TruePeakKernel.peakMagnitude(of: lines[channel], in: 0..<history)
            for chunk in 0..<chunkCount {
                let start = history + chunk * Self.chunkLength
                let end = min(history + frames, start + Self.chunkLength)
                let peak = chunkPeaks[channel * chunkCount + chunk]
                if max(peak, previousPeak) * filter.gainBound > truePeak {
                    let interpolated = TruePeakKernel.interpolatedPeak(
                        of: lines[channel], in: start..<end, filter: filter)
                    truePeak = max(truePeak, interpolated)
                    interpolatedCount += end - start
                } else {
                    skippedCount += end - start
                }
                previousPeak = peak
            }
            // Carry the last `history` samples (of history + block) to the front for the next block.
            for i in 0..<history { lines[channel][i] = lines[channel][frames + i] }
        }
    }
}
