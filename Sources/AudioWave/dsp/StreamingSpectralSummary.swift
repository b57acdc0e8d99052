import Foundation

/// The parts of the feature layer that librosa computes over a file-wide dB clamp — log-mel (for MFCC and the
/// onset envelope) and spectral contrast — reduced frame by frame to what a summaries-only stream keeps: the onset
/// envelope and running mean/variance of MFCC and contrast.
///
/// The clamp: librosa's `power_to_db(top_db=80)` raises every value to at least `max − 80 dB`, the maximum
/// taken over the whole array. Streaming does not know that maximum in advance, so frames wait unconverted in a
/// queue of `lookaheadFrames` (mel power and contrast peaks/valleys, `4·(bands + 2·rows)` bytes each): frame `t`
/// is converted when frame `t + lookaheadFrames` arrives (or at the end), with the maximum over frames
/// `0 ... t + lookaheadFrames`. Hence a signal of at most `lookaheadFrames` frames gives exactly the values of the
/// whole-array path (means and deviations to rounding); in a longer one only a maximum that comes more than
/// `lookaheadFrames` after a frame can make that frame's floor lower than librosa's, and then only values more
/// than 80 dB below that later peak differ. Onset differences use one floor for both frames, as the whole-array
/// path does.
struct StreamingSpectralSummary {
    let bandCount: Int
    let rowCount: Int
    let summarizesMFCC: Bool
    let mfccTransform: MFCCTransform
    let lookaheadFrames: Int
    /// Leading zeros of the onset envelope (lag 1 plus the centring delay, see ``OnsetStrength``).
    let onsetDelay: Int
    static let amin: Float = 1e-10
    static let topDecibels: Float = 80

    /// Queue of frames not yet converted: a ring of `lookaheadFrames` slots, oldest at `queueStart`.
    private var pendingMel: [Float]
    private var pendingPeaks: [Float]
    private var pendingValleys: [Float]
    private var queueStart = 0
    private var queueCount = 0
    private var maximumMel: Float = 0
    private var maximumPeak: Float = 0
    private var maximumValley: Float = 0
    private var decibels: [Float]
    private var previousDecibels: [Float]
    private var rawDecibels: [Float]
    private var hasPrevious = false
    private var coefficients: [Float]
    private var accumulators: [SIMD8<Float>]
    private var contrastRow: [Float]
    /// The onset envelope so far (`onsetDelay` zeros, then one value per frame after the first).
    private(set) var onsetEnvelope: [Float]
    private var mfccMoments: RunningMoments
    private var contrastMoments: RunningMoments
    private(set) var frameCount = 0

    /// - Parameter summarizesMFCCAndContrast: false keeps only the onset envelope (no MFCC, no contrast:
    ///   ``add(mel:melBase:peaks:valleys:contrastBase:)`` then takes empty peaks and valleys).
    init(extractor: FeatureExtractor, lookaheadFrames: Int, summarizesMFCCAndContrast: Bool = true) {
        let configuration = extractor.configuration
        bandCount = extractor.melFilterbank.bandCount
        rowCount = summarizesMFCCAndContrast ? extractor.spectralContrast.rowCount : 0
        summarizesMFCC = summarizesMFCCAndContrast
        mfccTransform = extractor.mfccTransform
        self.lookaheadFrames = max(1, lookaheadFrames)
        onsetDelay = OnsetStrength.delay(frameLength: configuration.frameLength, hopLength: configuration.hopLength)
        decibels = [Float](repeating: 0, count: bandCount)
        previousDecibels = decibels
        rawDecibels = decibels
        coefficients = [Float](repeating: 0, count: mfccTransform.coefficientCount)
        accumulators = [SIMD8<Float>](repeating: .zero, count: mfccTransform.chunkCount)
        contrastRow = [Float](repeating: 0, count: rowCount)
        onsetEnvelope = [Float](repeating: 0, count: onsetDelay)
        mfccMoments = RunningMoments(dimension: mfccTransform.coefficientCount)
        contrastMoments = RunningMoments(dimension: rowCount)
        pendingMel = [Float](repeating: 0, count: self.lookaheadFrames * bandCount)
        pendingPeaks = [Float](repeating: 0, count: self.lookaheadFrames * rowCount)
        pendingValleys = pendingPeaks
    }

    /// Adds one frame: `bandCount` mel power values of `mel` at `melBase`, `rowCount` contrast peaks and valleys
    /// (mean magnitudes) at `contrastBase`.
    mutating func add(mel: [Float], melBase: Int, peaks: [Float], valleys: [Float], contrastBase: Int) {
        for m in 0..<bandCount { maximumMel = Self.larger(maximumMel, mel[melBase + m]) }
        for r in 0..<rowCount {
            maximumPeak = Self.larger(maximumPeak, peaks[contrastBase + r])
            maximumValley = Self.larger(maximumValley, valleys[contrastBase + r])
        }
        frameCount += 1
        if queueCount == lookaheadFrames { convertOldest() }
        let slot = (queueStart + queueCount) % lookaheadFrames
        for m in 0..<bandCount { pendingMel[slot * bandCount + m] = mel[melBase + m] }
        for r in 0..<rowCount {
            pendingPeaks[slot * rowCount + r] = peaks[contrastBase + r]
            pendingValleys[slot * rowCount + r] = valleys[contrastBase + r]
        }
        queueCount += 1
    }

    /// Converts the frames still queued; call once at the end.
    mutating func flush() {
        while queueCount > 0 { convertOldest() }
    }

    private mutating func convertOldest() {
        let slot = queueStart
        queueStart = (queueStart + 1) % lookaheadFrames
        queueCount -= 1
        // The queue's storage is read through local copies so that `convert` may mutate `self`.
        let mel = pendingMel
        let peaks = pendingPeaks
        let valleys = pendingValleys
        convert(mel: mel, melBase: slot * bandCount, peaks: peaks, valleys: valleys, contrastBase: slot * rowCount)
    }

    /// Onset envelope (one value per frame), MFCC and contrast column means and population deviations.
    func result() -> (
        onsetEnvelope: [Float], mfcc: (mean: [Double], std: [Double]), contrast: (mean: [Double], std: [Double])
    ) {
        var onset = Array(onsetEnvelope.prefix(frameCount))
        if frameCount <= onsetDelay { onset = [Float](repeating: 0, count: frameCount) }
        return (onset, mfccMoments.meansAndDeviations(), contrastMoments.meansAndDeviations())
    }

    /// One frame through dB (with the current floors), MFCC, onset difference and contrast.
    private mutating func convert(mel: [Float], melBase: Int, peaks: [Float], valleys: [Float], contrastBase: Int) {
        let melFloor = Self.decibels(maximumMel) - Self.topDecibels
        for m in 0..<bandCount { rawDecibels[m] = Self.decibels(mel[melBase + m]) }
        for m in 0..<bandCount { decibels[m] = rawDecibels[m] < melFloor ? melFloor : rawDecibels[m] }
        if summarizesMFCC {
            mfccTransform.transform(decibels, base: 0, into: &coefficients, at: 0, accumulators: &accumulators)
            mfccMoments.add(coefficients)
        }
        if hasPrevious {
            onsetEnvelope.append(
                OnsetStrength.difference(
                    decibels, at: 0, from: previousDecibels, at: 0, bandCount: bandCount, floor: melFloor))
        }
        // Keep this frame's values unclamped: the next frame's floor may be higher.
        swap(&previousDecibels, &rawDecibels)
        hasPrevious = true
        guard rowCount > 0 else { return }
        let peakFloor = Self.decibels(maximumPeak) - Self.topDecibels
        let valleyFloor = Self.decibels(maximumValley) - Self.topDecibels
        for r in 0..<rowCount {
            let peak = Self.decibels(peaks[contrastBase + r])
            let valley = Self.decibels(valleys[contrastBase + r])
            contrastRow[r] = (peak < peakFloor ? peakFloor : peak) - (valley < valleyFloor ? valleyFloor : valley)
        }
        contrastMoments.add(contrastRow)
    }

    /// `power_to_db` of one value (reference 1, amin 1e-10; non-finite counts as amin).
    @inline(__always)
    static func decibels(_ x: Float) -> Float { Decibels.decibels(ofPower: x, amin: amin) }

    /// The larger value, a non-finite candidate never winning.
    @inline(__always)
    static func larger(_ current: Float, _ candidate: Float) -> Float {
        candidate.isFinite && candidate > current ? candidate : current
    }
}
