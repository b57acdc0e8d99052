import AudioWaveDSP

/// The tempo of a short file read as a loop.
///
/// Sample libraries hold loops: one to a few bars cut at the bar lines, meant to be played again and again. Read
/// alone, a loop of one or two bars holds 4 to 8 beats, too few for the tempogram, and its first hit has nothing
/// before it to rise from (``TempoEstimator`` zeroes a file's first rise). Played twice over, the same audio gives
/// the tempogram its period and the bar line its onset. So a file shorter than ``maximumSeconds`` is also read
/// repeated to ``loopedSeconds``; the looped reading replaces the file's own when the file is a whole number of
/// beats long at the looped tempo (3, 4, 6, 8, 12, 16, 24, 32, 48 or 64: whole bars of 3/4 or 4/4, within 2%) and
/// not at its own. A file that is not a loop rarely passes: its repetitions jump at the seam, and its length
/// fits neither tempo or both.
///
/// Measured (docs/tempo.md, "Short loops"): on loops of one and two bars cut from eval-dev's rhythm-game tracks
/// and drum renders, ACC1 0.675 → 0.825 and 0.700 → 0.800; on eval-dev cut to arbitrary 6, 7.37, 10 and 11.3 s
/// excerpts, −1 to +1 file of 89.
public enum LoopTempo {
    /// Longest file read as a loop, in seconds: four bars of 4/4 at 80 BPM, eight at 160. Longer files hold
    /// enough beats to be read alone.
    public static let maximumSeconds = 12.0
    /// Length of the repeated signal, in seconds (at least two copies).
    static let loopedSeconds = 20.0
    /// Beats a loop may hold: whole bars of 3/4 and 4/4, one to sixteen.
    static let beatCounts: [Double] = [3, 4, 6, 8, 12, 16, 24, 32, 48, 64]
    /// Relative tolerance on the number of beats.
    static let tolerance = 0.02

    /// Whether `seconds` hold a whole number of bars (``beatCounts``) at `bpm`.
    public static func holdsWholeBars(seconds: Double, bpm: Double) -> Bool {
        let beats = seconds * bpm / 60
        return beatCounts.contains { abs(beats / $0 - 1) <= tolerance }
    }

    /// The tempo of a whole file: its own reading `alone`, or its looped reading when it is a loop (see the type).
    /// - Parameters:
    ///   - samples: the whole file, mono, at the extractor's sample rate.
    ///   - alone: the tempo of `samples` read once (nil: no tempo, and none is made up from repetitions).
    ///   - extractor: the onset envelope's settings, as for `alone`.
    ///   - estimator: the tempo estimator that read `alone`.
    /// - Returns: `alone`, or the looped reading with the beats of one repetition.
    public static func reading(
        of samples: [Float], alone: TempoEstimate?, extractor: FeatureExtractor, estimator: TempoEstimator
    ) -> TempoEstimate? {
        let sampleRate = extractor.configuration.sampleRate
        let seconds = Double(samples.count) / sampleRate
        guard let alone, !samples.isEmpty, seconds < maximumSeconds,
            !holdsWholeBars(seconds: seconds, bpm: alone.bpm)
        else { return alone }
        let copies = max(2, Int((loopedSeconds / seconds).rounded(.up)))
        var looped: [Float] = []
        looped.reserveCapacity(samples.count * copies)
        for _ in 0..<copies { looped.append(contentsOf: samples) }
        guard
            let loop = estimator.estimate(
                onsetEnvelope: extractor.onsetEnvelope(samples: looped), sampleRate: sampleRate,
                hopLength: extractor.configuration.hopLength),
            holdsWholeBars(seconds: seconds, bpm: loop.bpm)
        else { return alone }
        // The beats of a middle repetition, from its start; a beat up to a frame early belongs to it.
        let start = Double(copies / 2) * seconds
        let early = Double(extractor.configuration.hopLength) / sampleRate
        let beats = loop.beats.filter { $0 >= start - early && $0 < start + seconds - early }.map {
            max(0, $0 - start)
        }
        return TempoEstimate(bpm: loop.bpm, confidence: loop.confidence, beats: beats, candidates: loop.candidates)
    }
}
