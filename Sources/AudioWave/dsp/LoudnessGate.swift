import Foundation

/// Integrated loudness (ITU-R BS.1770-4 gating) and loudness range (EBU Tech 3342) of a stream of
/// interleaved frames, fed block by block.
///
/// Every channel is K-weighted (``KWeightingFilter``) and its squared output summed per 100 ms segment
/// (`(rate + 5) / 10` frames, as libebur128 rounds it); the channel-weighted segment energies are the only
/// thing kept. A gating block (400 ms, 75% overlap) is the mean of the last 4 segments, a short-term block
/// (3 s) the mean of the last 30, taken every 10 segments (1 s step, 2 s overlap, as libebur128 does; Tech 3342
/// asks for at least 2 s of overlap). So each sample is filtered and squared once, where libebur128 also re-reads
/// every sample 4 times for the gating blocks and 3 times for the short-term blocks.
///
/// Gates: absolute −70 LUFS on both kinds of blocks; relative −10 LU below the mean energy of the absolutely
/// gated gating blocks (integrated), −20 LU below that of the short-term blocks (range); the range is the
/// difference between the 95th and 10th percentiles of the gated short-term loudness, each taken as the
/// sorted value at index ⌊(n − 1)·p + ½⌋. Memory: one number per 100 ms block and per second.
struct LoudnessGate {
    /// Weight of each channel's energy (libebur128's default channel map): L, R, C 1.0; LFE (the 4th of 6)
    /// and channels beyond the sixth 0; surrounds 1.41; a mono signal counted twice 2.0.
    let weights: [Double]
    let filter: KWeightingFilter
    /// Frames per 100 ms segment.
    let segmentLength: Int
    private var monoStates: [SIMD4<Double>]
    private var stereoState = KWeightingFilter.StereoState()
    private let isPlainStereo: Bool
    /// The current segment's weighted energy so far and how many frames it holds.
    private var segmentEnergy = 0.0
    private var segmentFill = 0
    /// The last 30 segments' energies (a ring) and how many segments were completed.
    private var recent = [Double](repeating: 0, count: 30)
    private var segmentCount = 0
    /// Energies (mean weighted square) of the gating and short-term blocks above the absolute gate.
    private(set) var blockEnergies: [Double] = []
    private(set) var shortTermEnergies: [Double] = []

    /// The energy of −70 LUFS, the absolute gate: 10^((−70 + 0.691) / 10).
    static let absoluteGate = pow(10, (-70 + 0.691) / 10)

    /// - Parameters:
    ///   - channelCount: interleaved channels (≥ 1).
    ///   - sampleRate: Hz (≥ 8).
    ///   - countsMonoTwice: weigh a mono signal as if played on two speakers (+3 dB).
    init(channelCount: Int, sampleRate: Int, countsMonoTwice: Bool) {
        weights = Self.channelWeights(channelCount: channelCount, countsMonoTwice: countsMonoTwice)
        filter = KWeightingFilter(sampleRate: sampleRate)
        segmentLength = max(1, (sampleRate + 5) / 10)
        monoStates = [SIMD4<Double>](repeating: SIMD4(repeating: 0), count: channelCount)
        isPlainStereo = channelCount == 2
    }

    /// libebur128's default map: 4 channels L R Ls Rs, 5 channels L R C Ls Rs, otherwise L R C LFE Ls Rs and
    /// unused channels beyond.
    static func channelWeights(channelCount: Int, countsMonoTwice: Bool) -> [Double] {
        let surround = 1.41
        switch channelCount {
        case 1: return [countsMonoTwice ? 2 : 1]
        case 4: return [1, 1, surround, surround]
        case 5: return [1, 1, 1, surround, surround]
        default:
            let map: [Double] = [1, 1, 1, 0, surround, surround]
            return (0..<channelCount).map { $0 < map.count ? map[$0] : 0 }
        }
    }

    /// Adds `frames` interleaved frames of finite samples.
    mutating func add(interleaved samples: UnsafeBufferPointer<Float>, frames: Int) {
        let channelCount = weights.count
        var frame = 0
        while frame < frames {
            let run = min(frames - frame, segmentLength - segmentFill)
            if isPlainStereo {
                let sums = filter.sumOfSquaresStereo(samples, start: frame, count: run, state: &stereoState)
                segmentEnergy += weights[0] * sums[0] + weights[1] * sums[1]
            } else {
                for channel in 0..<channelCount where weights[channel] > 0 {
                    let sum = filter.sumOfSquares(
                        samples, start: frame * channelCount + channel, stride: channelCount, count: run,
                        state: &monoStates[channel])
                    segmentEnergy += weights[channel] * sum
                }
            }
            frame += run
            segmentFill += run
            if segmentFill == segmentLength { closeSegment() }
        }
    }

    private mutating func closeSegment() {
        recent[segmentCount % recent.count] = segmentEnergy
        segmentCount += 1
        segmentEnergy = 0
        segmentFill = 0
        if segmentCount >= 4 {
            let energy = lastSegments(4) / Double(4 * segmentLength)
            if energy >= Self.absoluteGate { blockEnergies.append(energy) }
        }
        if segmentCount >= 30, (segmentCount - 30) % 10 == 0 {
            let energy = lastSegments(30) / Double(30 * segmentLength)
            if energy >= Self.absoluteGate { shortTermEnergies.append(energy) }
        }
    }

    private func lastSegments(_ count: Int) -> Double {
        var sum = 0.0
        for back in 1...count { sum += recent[(segmentCount - back) % recent.count] }
        return sum
    }

    /// Loudness in LUFS of a mean weighted energy.
    static func loudness(energy: Double) -> Double { 10 * log10(energy) - 0.691 }

    /// Integrated loudness in LUFS; `nil` when no gating block passes the gates (silence, under 400 ms).
    var integratedLUFS: Double? {
        guard !blockEnergies.isEmpty else { return nil }
        let threshold = blockEnergies.reduce(0, +) / Double(blockEnergies.count) * 0.1
        var sum = 0.0
        var count = 0
        for energy in blockEnergies where energy >= threshold {
            sum += energy
            count += 1
        }
        return count > 0 ? Self.loudness(energy: sum / Double(count)) : nil
    }

    /// Loudness range in LU; 0 when no short-term block passes the gates (under 3 s, silence).
    var loudnessRangeLU: Double {
        guard !shortTermEnergies.isEmpty else { return 0 }
        let sorted = shortTermEnergies.sorted()
        let threshold = sorted.reduce(0, +) / Double(sorted.count) * 0.01
        let gated = sorted.drop { $0 < threshold }
        guard !gated.isEmpty else { return 0 }
        func percentile(_ p: Double) -> Double {
            gated[gated.startIndex + Int(Double(gated.count - 1) * p + 0.5)]
        }
        return max(0, Self.loudness(energy: percentile(0.95)) - Self.loudness(energy: percentile(0.10)))
    }
}
