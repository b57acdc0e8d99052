import Foundation

/// How much of a frame's prominent-peak power lies in harmonic relations: the pitched partials of notes, whose
/// frequencies are whole multiples of a fundamental, rather than the inharmonic modes of drums and cymbals.
///
/// Of a frame's ``peakCount`` strongest prominent peaks (``TonalPeakShare``'s prominence test, frequencies refined
/// by a parabola through the log power), a peak is harmonic when another lies within ``tolerance`` of 2 to
/// ``highestHarmonic`` times its frequency, or it lies so of another; the share is the harmonic peaks' part of
/// the peaks' power. A frame with fewer prominent peaks is not judged (nil): a few sinusoids (a sine melody, a
/// held interval) say nothing about harmonicity, and the chance level below holds for twelve peaks.
///
/// Chance: twelve frequencies drawn log-uniformly over ``TonalPeakShare``'s band (100 Hz–5 kHz) with
/// exponentially distributed powers give a median share of 0.43 (``chanceMedian``; the test `harmonicChance`
/// re-derives it). Membrane and bar modes (1, 1.59, 2.14, 2.30, … for a drum head) relate no closer than
/// chance. Measured on eval-dev (docs/key.md, "Harmonic peaks"): the median over a file's judged frames is
/// 0.11–0.48 for the drum renders, 0.79–1.00 for piano, folk and GTZAN classical, and 0.39–1.00 for the
/// rhythm-game tracks.
public enum HarmonicPeakShare {
    /// Peaks judged per frame: the strongest this many prominent peaks; frames with fewer are not judged.
    public static let peakCount = 12
    /// Relative frequency tolerance of a harmonic relation (1.5%, a quarter of a semitone).
    public static let tolerance = 0.015
    /// Highest harmonic number tried.
    public static let highestHarmonic = 6
    /// Median share of ``peakCount`` random frequencies (see the type).
    public static let chanceMedian = 0.43

    /// One prominent peak: its refined frequency and its power.
    public struct Peak: Sendable, Hashable {
        public var hertz: Double
        public var power: Float
    }

    /// The harmonic share of `peaks` (the strongest ``peakCount`` are judged), or nil with fewer peaks.
    /// `peaks` is reordered, the strongest ``peakCount`` first; nothing is allocated.
    public static func share(of peaks: inout [Peak]) -> Float? {
        guard peaks.count >= peakCount else { return nil }
        // The strongest first, by selection: a frame holds some tens of peaks.
        for i in 0..<peakCount {
            var strongest = i
            for j in (i + 1)..<peaks.count where peaks[j].power > peaks[strongest].power { strongest = j }
            peaks.swapAt(i, strongest)
        }
        var harmonic: UInt32 = 0  // bit i: peak i is in a harmonic relation
        for i in 0..<peakCount {
            for multiple in 2...highestHarmonic {
                let target = Double(multiple) * peaks[i].hertz
                let reach = tolerance * target
                for j in 0..<peakCount where j != i && abs(peaks[j].hertz - target) <= reach {
                    harmonic |= 1 << UInt32(i) | 1 << UInt32(j)
                }
            }
        }
        var total: Float = 0
        var related: Float = 0
        for i in 0..<peakCount {
            total += peaks[i].power
            if harmonic & (1 << UInt32(i)) != 0 { related += peaks[i].power }
        }
        return total > 0 ? related / total : nil
    }

    /// The frequency of a peak at bin `k` refined by a parabola through the log powers of bins k−1, k, k+1.
    static func refinedHertz(bin k: Int, previous: Float, power: Float, next: Float, binHz: Double) -> Double {
        let a = Double(log(max(previous, .leastNormalMagnitude)))
        let b = Double(log(max(power, .leastNormalMagnitude)))
        let c = Double(log(max(next, .leastNormalMagnitude)))
        let curvature = a - 2 * b + c
        let offset = curvature < 0 ? min(0.5, max(-0.5, 0.5 * (a - c) / curvature)) : 0
        return (Double(k) + offset) * binHz
    }
}
