import AudioWaveDSP
import Foundation

/// Whether a chromagram holds enough pitch structure to carry a key, and how far its key may be trusted.
///
/// Three pieces of evidence, gathered frame by frame over the audible frames the key reads:
/// - **key clarity**, the best correlation of the mean chroma with the 24 key profiles (the "key clarity"
///   of O. Lartillot & P. Toiviainen's MIRtoolbox, after Krumhansl 1990);
/// - **tonal share**, the share of band power in prominent sinusoidal peaks (``TonalPeakShare``): near 0
///   for noise, clicks and unpitched drums, above one half for sustained notes;
/// - **persistence**, the mean Pearson correlation of successive chroma frames (93 ms apart by default):
///   notes and chords last longer than a frame, percussive and noise chroma changes at random.
///
/// No key is given when fewer than three pitch classes carry the chroma (a held tone, an interval: see
/// ``maximumChromaVariation``), when the key clarity is below what 95% of random chroma vectors reach (0.32: the
/// 5th percentile of the best of the 24 correlations for 200 000 random 12-vectors, uniform or
/// exponential alike, with the harmonically expanded Temperley profiles; the test `chanceLevels` re-derives it)
/// *and* the chroma changes at random from frame to frame (persistence below 0.5: drum resonances), or when
/// the signal is at once non-sinusoidal (tonal share below 0.15), non-persistent and its key clarity no
/// better than chance (below the random median, 0.54): the profile of metronome clicks, noise and drum
/// machines; or when the frames' strongest prominent peaks are no more harmonically related than random
/// frequencies (median ``HarmonicPeakShare`` below its chance median, 0.43, over the frames with at least twelve
/// such peaks, when they are at least a quarter of the frames): drum kits whose pitched toms and cymbals pass the
/// other tests. Held notes whose pitch classes fit no major or minor profile (a chromatic or modal passage)
/// are pitched and persistent, so they get a key at the low confidence their clarity earns rather than
/// "no tonal content". Measured on eval-dev: this nulls 4/4 click fixtures, white and pink noise, 12 of 13
/// drum renders (9 before the harmonic test), 3 of 23 game-music tracks (2 before) and no key-labelled file
/// (`docs/key.md`).
public struct TonalityMeasure: Sendable, Hashable {
    /// The last frame's centred, unit-length chroma (valid when `hasPrevious`) and the current one's,
    /// two buffers swapped frame by frame so that no frame allocates.
    private var previous: [Double] = []
    private var current: [Double] = []
    private var hasPrevious = false
    private var persistenceSum = 0.0
    private var pairCount = 0.0
    private var shareSum = 0.0
    private var shareWeight = 0.0
    /// ``HarmonicPeakShare`` of every frame it judged.
    private var harmonicShares: [Float] = []
    private var frameCount = 0

    /// An empty measure.
    public init() {}

    /// Key clarity below which the chroma is no closer to a key than 95% of random vectors.
    public static let chanceClarity5th = 0.32
    /// Median key clarity of random chroma vectors.
    public static let chanceClarityMedian = 0.54
    /// Tonal share under which the signal counts as non-sinusoidal.
    public static let minimumTonalShare = 0.15
    /// Persistence under which the chroma counts as changing at random.
    public static let minimumPersistence = 0.5
    /// Tonal share from which the key's confidence is not lowered (half the band power in partials).
    public static let fullConfidenceTonalShare = 0.5

    /// Adds one chroma frame (its maximum `peak` > 0), its ``TonalPeakShare`` when measured and its
    /// ``HarmonicPeakShare`` when judged.
    mutating func add(
        frame: ArraySlice<Float>, peak: Float, tonalShare: Float?, harmonicShare: Float? = nil, weight: Double
    ) {
        frameCount += 1
        if let harmonicShare, harmonicShare >= 0 { harmonicShares.append(harmonicShare) }
        if let tonalShare {
            shareSum += weight * Double(tonalShare)
            shareWeight += weight
        }
        let n = Double(frame.count)
        let mean = frame.reduce(0.0) { $0 + Double($1 / peak) } / n
        if current.count != frame.count { current = [Double](repeating: 0, count: frame.count) }
        var squares = 0.0
        for (index, value) in zip(current.indices, frame) {
            let centred = Double(value / peak) - mean
            current[index] = centred
            squares += centred * centred
        }
        let norm = squares.squareRoot()
        guard norm > 1e-9 else {
            hasPrevious = false  // a flat frame has no direction: it pairs with neither neighbour
            return
        }
        for index in current.indices { current[index] /= norm }
        if hasPrevious {
            persistenceSum += zip(current, previous).reduce(0) { $0 + $1.0 * $1.1 }
            pairCount += 1
        }
        swap(&current, &previous)
        hasPrevious = true
    }

    /// Weighted mean tonal share of the frames; nil when none was measured.
    public var meanTonalShare: Double? { shareWeight > 0 ? shareSum / shareWeight : nil }

    /// Median ``HarmonicPeakShare`` of the judged frames; nil when fewer than a quarter of the frames were judged.
    public var medianHarmonicShare: Float? {
        guard !harmonicShares.isEmpty, 4 * harmonicShares.count >= frameCount else { return nil }
        let sorted = harmonicShares.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// Mean Pearson correlation of successive frames' chroma, in −1...1 (0 with fewer than two frames).
    public var persistence: Double { pairCount > 0 ? persistenceSum / pairCount : 0 }

    /// Coefficient of variation (standard deviation over mean) of a mean chroma above which fewer than
    /// three pitch classes carry it: √(12/3 − 1) = √3, the value for three equally strong classes and
    /// nothing else. A key needs at least a triad's worth of pitch classes; one held tone or an interval
    /// (3.3 and 2.2 for one and two classes) has none. Music on eval-dev stays below 0.8, single tones
    /// measure 2.1–2.3.
    public static let maximumChromaVariation = 3.0.squareRoot()

    /// The coefficient of variation of a chroma vector (0 for an empty or all-zero one).
    public static func variation(_ chroma: [Double]) -> Double {
        guard !chroma.isEmpty else { return 0 }
        let mean = chroma.reduce(0, +) / Double(chroma.count)
        guard mean > 0 else { return 0 }
        let variance = chroma.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(chroma.count)
        return variance.squareRoot() / mean
    }

    /// Whether a key with this clarity (best profile correlation), read from this mean chroma, may be
    /// reported.
    public func holdsKey(keyClarity: Double, meanChroma: [Double]) -> Bool {
        guard Self.variation(meanChroma) <= Self.maximumChromaVariation else { return false }
        if keyClarity < Self.chanceClarity5th, persistence < Self.minimumPersistence { return false }
        if let share = meanTonalShare, share < Self.minimumTonalShare, persistence < Self.minimumPersistence,
            keyClarity < Self.chanceClarityMedian
        {
            return false
        }
        // Prominent peaks no more harmonically related than random frequencies: drum and cymbal modes, no notes.
        if let harmonic = medianHarmonicShare, Double(harmonic) < HarmonicPeakShare.chanceMedian { return false }
        return true
    }

    /// Factor in 0...1 for the key's confidence: 1 from a tonal share of one half, proportionally less
    /// below, so that drum-heavy mixes, whose chroma is mostly percussion, are not reported as certain
    /// (1 when the share was not measured).
    public var confidenceFactor: Double {
        guard let share = meanTonalShare else { return 1 }
        return min(1, max(0, share / Self.fullConfidenceTonalShare))
    }
}
