import AudioWaveDSP
import Foundation

/// Estimates tempo and beats from an onset strength envelope.
///
/// 0. Silence before and after the music is left out (``withoutSilence(_:frameRate:minBPM:)``), so that padding a file
///    with silence changes neither its tempo nor its confidence. No onsets, no tempo: an envelope with fewer than
///    ``minimumOnsetCount`` peaks of at least ``onsetRiseDecibels`` (a pure tone, even coded with the flutter of
///    a lossy codec) gives nil.
/// 1. A ``Tempogram`` (metrical ACF weighted by the Fourier magnitude, times a log-normal prior) ranks
///    tempi; its strongest peak *t* is the starting point.
/// 2. Metrical-level (octave) decision between *t*, *t*/2 and 2*t* (those inside the range): beats are
///    tracked at each, and ``TempoLevelModel`` weighs the evidence (beat salience, tempogram strength,
///    onset density against the level, periodicity of the subdivision, every other beat falling on
///    nothing, half beat cycles repeating each other, and the absolute tempo as one feature) with
///    weights fitted on the development set; a softmax over the levels gives P(level).
/// 3. When the beats at the chosen tempo are irregular (see
///    ``TempoConfiguration/alternativePeakRegularity``), the next two tempogram peaks not metrically
///    related to *t* (3:2, 4:3 rhythms) go through step 2 too; one replaces the first choice only when
///    its salience score × regularity² is at least 1.25 times as high.
/// 4. ``BeatTracker`` follows the chosen tempo; the BPM is refined from the inter-beat intervals: the
///    mean of those within 10% of the median, which gives sub-frame precision.
/// 5. Confidence: a calibrated probability that the tempo is right (``TempoLevelModel/confidence(levelProbability:regularity:dominance:periodicity:)``)
///    from P(level), the beats' regularity (share of inter-beat intervals within 5%, at least one frame,
///    of their median), the dominance 1 − (strongest peak not metrically related to the tempo) /
///    (strongest related peak) in the tempogram's sharp view (``Tempogram/sharpStrengths``), and the
///    autocorrelation at the strongest peak. Fitted on out-of-source predictions, it is conservative:
///    on the development set no tempo reaches 0.95 (see `docs/tempo.md`).
public struct TempoEstimator: Sendable {
    /// The settings.
    public let configuration: TempoConfiguration

    /// Creates an estimator.
    public init(configuration: TempoConfiguration = .standard) {
        self.configuration = configuration
    }

    /// Estimates the tempo of an onset envelope whose frames are `hopLength` samples apart.
    /// - Parameters:
    ///   - onsetEnvelope: onset strength per frame (for example librosa-style spectral flux).
    ///   - sampleRate: sample rate of the analysed signal, in Hz.
    ///   - hopLength: distance between envelope frames, in samples.
    ///   - frameLevels: the RMS of each STFT frame (``SummarizedFeatures/rms``), to leave out a noise floor before,
    ///     within or after the music (``silencingNoiseFloor(_:frameLevels:frameRate:minBPM:)``); nil: only
    ///     digital silence is left out.
    /// - Returns: the estimate, or nil when the envelope is too short, has no periodicity or gives fewer than
    ///   two beats.
    public func estimate(
        onsetEnvelope: [Float], sampleRate: Double, hopLength: Int, frameLevels: [Float]? = nil
    ) -> TempoEstimate? {
        guard hopLength > 0 else { return nil }
        return trace(
            onsetEnvelope: onsetEnvelope, frameRate: sampleRate / Double(hopLength), frameLevels: frameLevels)?
            .estimate
    }

    /// Estimates the tempo of an onset envelope at `frameRate` frames per second.
    /// - Parameters:
    ///   - onsetEnvelope: onset strength per frame.
    ///   - frameRate: frames per second.
    /// - Returns: the estimate, or nil when the envelope is too short, has no periodicity or gives fewer than
    ///   two beats.
    public func estimate(onsetEnvelope: [Float], frameRate: Double) -> TempoEstimate? {
        trace(onsetEnvelope: onsetEnvelope, frameRate: frameRate)?.estimate
    }

    /// The estimate with the evidence behind it: every level weighed, for the fitting script
    /// (`audiowave-bench analysis --dump-tempo-levels`) and for debugging.
    /// - Parameters:
    ///   - onsetEnvelope: onset strength per frame.
    ///   - frameRate: frames per second.
    ///   - frameLevels: the RMS of each STFT frame, or nil
    ///     (see ``estimate(onsetEnvelope:sampleRate:hopLength:frameLevels:)``).
    /// - Returns: nil when ``estimate(onsetEnvelope:frameRate:)`` is nil for want of a tempogram peak;
    ///   otherwise the trace, whose ``TempoTrace/estimate`` may still be nil (no periodic onsets, fewer
    ///   than two beats).
    public func trace(onsetEnvelope envelope: [Float], frameRate: Double, frameLevels: [Float]? = nil) -> TempoTrace? {
        guard frameRate > 0, envelope.allSatisfy(\.isFinite) else { return nil }
        let fullEnvelope =
            frameLevels.map {
                TempoEstimator.silencingNoiseFloor(
                    envelope, frameLevels: $0, frameRate: frameRate, minBPM: configuration.minBPM)
            } ?? envelope
        // Silence before the music and after it carries no onset: left in, it would dilute the envelope's mean
        // and onset rate and weigh in the tempogram, and the rise from it would count as an onset, so that
        // padding a file with silence could change its tempo.
        let (onsetEnvelope, offset) = TempoEstimator.withoutSilence(
            fullEnvelope, frameRate: frameRate, minBPM: configuration.minBPM)
        guard TempoEstimator.onsetCount(onsetEnvelope) >= TempoEstimator.minimumOnsetCount else { return nil }
        let tempogram = Tempogram(onsetEnvelope: onsetEnvelope, frameRate: frameRate, configuration: configuration)
        let peaks = tempogram.peaks()
        guard let top = peaks.first else { return nil }

        let envelopeMean = onsetEnvelope.reduce(0.0) { $0 + Double($1) } / Double(onsetEnvelope.count)
        let onsetRate = TempoLevelModel.onsetRate(of: onsetEnvelope, frameRate: frameRate)
        let context = LevelContext(
            envelope: onsetEnvelope, frameRate: frameRate, envelopeMean: envelopeMean, tempogram: tempogram,
            onsetRate: onsetRate)
        var families = [resolveOctave(of: top.bpm, context)]
        var choice = families[0]
        if choice.regularity < configuration.alternativePeakRegularity {
            // Beats do not settle at the strongest periodicity: try the next peaks that are not
            // metrically related to it, and keep the one whose beats are most regular and salient.
            var tried = [top.bpm]
            for peak in peaks.dropFirst() where tried.count < 3 {
                guard tried.allSatisfy({ !TempoEstimator.isMetricallyRelated(peak.bpm, $0) }) else { continue }
                tried.append(peak.bpm)
                let alternative = resolveOctave(of: peak.bpm, context)
                families.append(alternative)
                if alternative.consistencyScore > TempoEstimator.switchMargin * choice.consistencyScore {
                    choice = alternative
                }
            }
        }
        let sharpPeaks = tempogram.peaks(sharp: true)
        var trace = TempoTrace(
            families: families.map(\.levels), sharpPeaks: sharpPeaks.prefix(12).map { [$0.bpm, $0.strength] },
            periodicity: tempogram.periodicity(at: top.bpm), frameCount: onsetEnvelope.count, onsetRate: onsetRate,
            envelopeQuantiles: TempoEstimator.quantiles(onsetEnvelope), estimate: nil)
        // A tempo is a distance between beats: with fewer than two (a half-second tone) there is none.
        guard choice.beats.count >= 2 else { return trace }
        let bpm = choice.refinedBPM
        let rival = sharpPeaks.first { !TempoEstimator.isMetricallyRelated($0.bpm, bpm) }
        let reference = sharpPeaks.first { TempoEstimator.isMetricallyRelated($0.bpm, bpm) }?.strength ?? 0
        let dominance = reference > 0 ? max(0, 1 - (rival.map { $0.strength / reference } ?? 0)) : 0
        let confidence = TempoLevelModel.confidence(
            levelProbability: choice.probability, regularity: choice.regularity, dominance: dominance,
            periodicity: trace.periodicity)

        var candidates = [TempoCandidate(bpm: bpm, strength: min(1, tempogram.strength(at: bpm) / top.strength))]
        for peak in peaks where candidates.count < 3 {
            if candidates.allSatisfy({ abs(peak.bpm / $0.bpm - 1) > 0.04 }) {
                candidates.append(TempoCandidate(bpm: peak.bpm, strength: peak.strength / top.strength))
            }
        }
        trace.estimate = TempoEstimate(
            bpm: (bpm * 10).rounded() / 10,
            confidence: min(1, max(0, confidence)),
            beats: choice.beats.map { BeatTracker.time(ofFrame: $0 + offset, frameRate: frameRate) },
            candidates: candidates.map { TempoCandidate(bpm: ($0.bpm * 10).rounded() / 10, strength: $0.strength) }
        )
        return trace
    }

    /// How much better (octave score × regularity²) a tempo not metrically related to the strongest
    /// periodicity must be to replace it: switching away from the tempogram's peak needs clear evidence.
    static let switchMargin = 1.25

    /// What every level of one envelope shares.
    struct LevelContext {
        var envelope: [Float]
        var frameRate: Double
        var envelopeMean: Double
        var tempogram: Tempogram
        var onsetRate: Double
    }

    /// The outcome of the octave decision around one tempogram peak.
    struct OctaveChoice {
        var levels: [TempoTrace.Level]
        var chosen: Int
        var beats: [Int]
        var score: Double
        var probability: Double
        var refinedBPM: Double
        var regularity: Double
        /// Salience score weighted by beat regularity, for comparing non-related peaks.
        var consistencyScore: Double { score * regularity * regularity }
    }

    /// Weighs `bpm`, its half and its double with ``TempoLevelModel``, and tracks the beats of each.
    func resolveOctave(of peakBPM: Double, _ context: LevelContext) -> OctaveChoice {
        let tracker = BeatTracker(tightness: configuration.beatTightness)
        var levels: [TempoTrace.Level] = []
        var beatsOfLevel: [[Int]] = []
        for bpm in configuration.resolvesOctave ? [peakBPM, peakBPM / 2, peakBPM * 2] : [peakBPM]
        where bpm >= configuration.minBPM * 0.98 && bpm <= configuration.maxBPM * 1.02 {
            let beats = tracker.beatFrames(onsetEnvelope: context.envelope, frameRate: context.frameRate, bpm: bpm)
            let salience = BeatSalience(envelope: context.envelope, beats: beats, envelopeMean: context.envelopeMean)
            let (refined, regularity) = TempoEstimator.refine(bpm: bpm, beats: beats, frameRate: context.frameRate)
            var features = TempoLevelModel.features(
                bpm: bpm, salience: salience, tempogram: context.tempogram, onsetRate: context.onsetRate)
            // The prior term scaled as configured (1: as fitted).
            features[0] *= configuration.octavePriorExponent
            let score =
                salience.mean * min(1, salience.alternation / TempoLevelModel.weakAlternateThreshold)
                * min(1, salience.halfDifference / BeatSalience.redundantHalfThreshold)
            levels.append(
                TempoTrace.Level(
                    bpm: bpm, refinedBPM: refined, regularity: regularity, salienceScore: score, features: features,
                    utility: TempoLevelModel.utility(features), beatCount: beats.count))
            beatsOfLevel.append(beats)
        }
        guard !levels.isEmpty else {
            return OctaveChoice(
                levels: [], chosen: 0, beats: [], score: 0, probability: 0, refinedBPM: peakBPM, regularity: 0)
        }
        let best = levels.indices.max { levels[$0].utility < levels[$1].utility } ?? 0
        let top = levels[best].utility
        let total = levels.reduce(0.0) { $0 + exp($1.utility - top) }
        let level = levels[best]
        return OctaveChoice(
            levels: levels, chosen: best, beats: beatsOfLevel[best], score: level.salienceScore,
            probability: 1 / total, refinedBPM: level.refinedBPM, regularity: level.regularity)
    }

    /// The tempo refined from tracked beats (the mean of the inter-beat intervals within 10% of their
    /// median, for sub-frame precision) and the beats' regularity (share of intervals within 5% of the
    /// median, or one frame: at fast tempi 5% is less than the frame grid's step).
    static func refine(bpm: Double, beats: [Int], frameRate: Double) -> (bpm: Double, regularity: Double) {
        let intervals = zip(beats.dropFirst(), beats).map { Double($0 - $1) }
        guard intervals.count >= 2 else { return (bpm, 0) }
        let median = intervals.sorted()[intervals.count / 2]
        let consistent = intervals.filter { abs($0 / median - 1) < 0.1 }
        let refined = consistent.isEmpty ? bpm : 60 * frameRate / (consistent.reduce(0, +) / Double(consistent.count))
        let tolerance = max(0.05 * median, 1)
        return (refined, Double(intervals.filter { abs($0 - median) <= tolerance }.count) / Double(intervals.count))
    }

    /// An onset is a rise of the log-mel spectrum by at least this much, in dB averaged over the bands
    /// (the envelope's unit, ``OnsetStrength``): about the just-noticeable difference of intensity
    /// (1 dB; E. Zwicker and H. Fastl, *Psychoacoustics*, ch. 7). Below it the envelope holds only the
    /// flutter of stationary sound: pure tones coded as Ogg Vorbis or MP3 peak at 0.17–0.42 dB, the
    /// quietest clip of the development set (a classical recording) at 1.8 dB, its 99th percentile 1.2 dB.
    static let onsetRiseDecibels: Float = 1
    /// Fewer onsets than this and there is no tempo (no periodic onsets: a tone, a drone, silence).
    static let minimumOnsetCount = 4

    /// Envelope peaks (maxima within ±3 frames) of at least ``onsetRiseDecibels``.
    static func onsetCount(_ envelope: [Float]) -> Int {
        var count = 0
        for index in envelope.indices where envelope[index] >= onsetRiseDecibels {
            let window = max(0, index - 3)...min(envelope.count - 1, index + 3)
            let value = envelope[index]
            if window.allSatisfy({ $0 == index || envelope[$0] < value || ($0 > index && envelope[$0] == value) }) {
                count += 1
            }
        }
        return count
    }

    /// The 10th, 50th, 90th, 99th percentiles and the maximum of an envelope.
    static func quantiles(_ envelope: [Float]) -> [Double] {
        let sorted = envelope.sorted()
        guard let last = sorted.last else { return [0, 0, 0, 0, 0] }
        return [0.1, 0.5, 0.9, 0.99].map { Double(sorted[Int($0 * Double(sorted.count - 1))]) } + [Double(last)]
    }

    /// Whether two tempi are within 4% of a ratio of 1, 2, 3, 4, ½, ⅓ or ¼.
    static func isMetricallyRelated(_ first: Double, _ second: Double) -> Bool {
        [1.0, 2, 3, 4, 0.5, 1.0 / 3, 0.25].contains { abs(first / (second * $0) - 1) <= 0.04 }
    }
}

/// How strongly tracked beats coincide with onsets.
struct BeatSalience {
    /// Mean over the beats of the envelope's maximum within ±2 frames, over the envelope's mean.
    var mean: Double
    /// The smaller over the larger of the mean salience of even-numbered and of odd-numbered beats:
    /// near 0 when every other beat falls on nothing.
    var alternation: Double
    /// How much the first half of a beat interval differs from the second half, on average
    /// (``halfCycleDifference(envelope:beats:)``). Near 0 when the off-beats repeat the beats exactly
    /// (a metronome followed at half its rate), so nothing in the signal marks the slower level; music
    /// at its beat level has a backbeat, a bass line or chord changes that make the halves differ. The
    /// octave decision uses it as a hinge feature (``TempoLevelModel``); the salience score that ranks
    /// unrelated tempogram peaks is scaled by min(1, halfDifference / 0.03). Measured: rendered metronomes of
    /// 60–200 BPM followed at half rate 0.001–0.011; the lowest value of a candidate at a beat level on the
    /// stress set 0.076, on eval-dev 0.024 (a piano piece at 120). With 0.03, no tempo on eval-dev or the
    /// stress set changed and the 174 BPM fixture, read at 87 before, is right. Since 0.9.3 the intervals
    /// are measured between the onsets' centres of mass rather than the beat frames: metronomes of 150–240
    /// BPM (clicks, beeps, woodblock) followed at half rate measure at most 0.011, where 8 of 40 measured
    /// 0.025–0.035 and read at half tempo (a 220 BPM beep at 110).
    var halfDifference: Double
    /// Below this half-cycle difference a level is penalised as redundant (see ``halfDifference``).
    static let redundantHalfThreshold = 0.03

    /// The envelope folded over the beat intervals and the relative L1 difference of its two halves,
    /// Σ|first − second| / Σ template; 1 when there are fewer than two intervals. Each interval is
    /// cut into 8 equal parts centred on its eighths (the first part straddles the beat), each holding
    /// the envelope's mass in it (a frame's value spread evenly over the frame), so that an onset's
    /// mass is counted whole whatever its phase against the frame grid. (Sampling the envelope at
    /// points instead read metronomes whose period is not a whole number of frames as uneven.) An
    /// interval runs from the centre of the envelope's mass around its first beat (within half a part)
    /// to that around its last: beat frames are whole frames at an onset's peak, and at fast tempi (parts
    /// of 3 frames) the off-beat onset, a fraction of a frame off the midpoint of two such frames, spilled
    /// into the next part and made a metronome's halves look different.
    static func halfCycleDifference(envelope: [Float], beats: [Int]) -> Double {
        let parts = 8
        var cumulative = [Double](repeating: 0, count: envelope.count + 1)
        for (index, value) in envelope.enumerated() { cumulative[index + 1] = cumulative[index] + Double(value) }
        /// The envelope's mass before `position` (in frames).
        func mass(before position: Double) -> Double {
            let clamped = min(max(0, position), Double(envelope.count))
            let index = min(Int(clamped), envelope.count - 1)
            return cumulative[index] + (clamped - Double(index)) * (cumulative[index + 1] - cumulative[index])
        }
        var template = [Double](repeating: 0, count: parts)
        var count = 0
        /// The centre of the envelope's mass within ±`radius` frames of `beat`, in frame indices like the beat
        /// frames (a lone onset frame k gives k), or the beat frame when nothing is there.
        func centroid(_ beat: Int, radius: Double) -> Double {
            let low = max(0, Int((Double(beat) - radius).rounded(.down)))
            let high = min(envelope.count - 1, Int((Double(beat) + radius).rounded(.up)))
            guard low <= high else { return Double(beat) }
            var weighted = 0.0
            var total = 0.0
            for frame in low...high {
                weighted += Double(envelope[frame]) * Double(frame)
                total += Double(envelope[frame])
            }
            return total > 0 ? weighted / total : Double(beat)
        }
        for (startFrame, endFrame) in zip(beats, beats.dropFirst())
        where endFrame > startFrame && endFrame < envelope.count {
            let radius = Double(endFrame - startFrame) / Double(parts) / 2
            let start = centroid(startFrame, radius: radius)
            let end = centroid(endFrame, radius: radius)
            guard end > start else { continue }
            let width = (end - start) / Double(parts)
            for part in 0..<parts {
                let centre = start + width * Double(part)
                template[part] += mass(before: centre + width / 2) - mass(before: centre - width / 2)
            }
            count += 1
        }
        let sum = template.reduce(0, +)
        guard count >= 2, sum > 0 else { return 1 }
        let half = parts / 2
        let difference = (0..<half).reduce(0.0) { $0 + abs(template[$1] - template[half + $1]) }
        return difference / sum
    }

    init(envelope: [Float], beats: [Int], envelopeMean: Double) {
        halfDifference = BeatSalience.halfCycleDifference(envelope: envelope, beats: beats)
        guard !beats.isEmpty, envelopeMean > 0 else {
            mean = 0
            alternation = 0
            return
        }
        func peak(around frame: Int) -> Double {
            let range = max(0, frame - 2)...min(envelope.count - 1, frame + 2)
            return Double(envelope[range].max() ?? 0)
        }
        let values = beats.map(peak(around:))
        mean = values.reduce(0, +) / Double(values.count) / envelopeMean
        let even = stride(from: 0, to: values.count, by: 2).map { values[$0] }
        let odd = stride(from: 1, to: values.count, by: 2).map { values[$0] }
        guard even.count >= 2, odd.count >= 2 else {
            alternation = 1
            return
        }
        let evenMean = even.reduce(0, +) / Double(even.count)
        let oddMean = odd.reduce(0, +) / Double(odd.count)
        let larger = max(evenMean, oddMean)
        alternation = larger > 0 ? min(evenMean, oddMean) / larger : 0
    }
}
