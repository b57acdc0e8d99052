import AudioWaveDSP
import Foundation

/// A global tempogram: the periodicity strength of an onset envelope at each BPM of a grid.
///
/// Two views of periodicity are combined, because their errors differ (G. Peeters, "Template-based
/// estimation of time-varying tempo", *EURASIP J. Adv. Signal Process.* 2007): the autocorrelation
/// (ACF) peaks at the beat period and at its multiples (sub-harmonics of the tempo), the Fourier
/// magnitude at the tempo and at its multiples (harmonics). The ACF, with metrical consistency (a beat
/// period whose double and quadruple, the half-bar and the bar in 4/4, are also periodic scores
/// higher), is weighted by the Fourier side, which lowers the sub-harmonics the ACF alone would favour:
///
///     acf'(b) = acf⁺(b) + ½·acf⁺(b/2) + ¼·acf⁺(b/4)
///     strength(b) = acf'(b) · (½ + ½·dft(b)) · prior(b)
///
/// The geometric mean sqrt(acf'·dft)·prior is kept as a sharper view for the confidence
/// (``sharpStrengths``): as the ranking it measured one more 3:4 error on a synthetic stress set.
///
/// with acf⁺ the unbiased, normalized autocorrelation of the mean-removed envelope at lag 60·fps/b
/// (linearly interpolated, negative values clipped) and dft(b) the magnitude of the Hann-windowed
/// envelope's Fourier transform at b/60 Hz, scaled to a maximum of 1 over the grid.
struct Tempogram {

    /// The BPM grid, ascending.
    let bpms: [Double]
    /// Strength at each grid point, prior included.
    let strengths: [Double]
    /// Strength at each grid point without the prior.
    let rawStrengths: [Double]
    /// sqrt(acf'·dft)·prior at each grid point: a sharper view, where periodicities that only share
    /// multiples with the tempo (a 2:3 rival of a 4/4 pulse) stay low. Used for the confidence.
    let sharpStrengths: [Double]
    /// acf⁺ alone (the normalized autocorrelation at the beat period, negative values clipped) at each
    /// grid point: how much of the envelope's variance repeats at that period.
    let periodicities: [Double]
    /// The normalized autocorrelation of the mean-removed envelope by lag in frames (up to four periods of
    /// the slowest tempo), and the frame rate, to read periodicity at any tempo, inside the grid or not.
    private let acf: [Double]
    private let frameRate: Double

    init(onsetEnvelope envelope: [Float], frameRate: Double, configuration: TempoConfiguration) {
        let count = envelope.count
        var grid: [Double] = []
        var bpm = configuration.minBPM
        while bpm <= configuration.maxBPM + 1e-9 {
            grid.append(bpm)
            bpm += configuration.gridStepBPM
        }
        bpms = grid
        self.frameRate = frameRate
        guard count >= 8 else {
            acf = []
            rawStrengths = [Double](repeating: 0, count: grid.count)
            strengths = rawStrengths
            sharpStrengths = rawStrengths
            periodicities = rawStrengths
            return
        }
        let mean = envelope.reduce(0.0) { $0 + Double($1) } / Double(count)
        let centred = envelope.map { Double($0) - mean }
        let acf = Tempogram.autocorrelation(
            centred, maxLag: min(count - 1, Int(4 * 60 * frameRate / configuration.minBPM) + 2))
        func acfStrength(_ bpm: Double) -> Double {
            let lag = 60 * frameRate / bpm
            let index = Int(lag)
            guard index + 1 < acf.count else { return 0 }
            let fraction = lag - Double(index)
            return max(0, acf[index] * (1 - fraction) + acf[index + 1] * fraction)
        }
        let fourier = Tempogram.fourierMagnitudes(centred, frequencies: grid.map { $0 / 60 }, frameRate: frameRate)
        let fourierPeak = fourier.max() ?? 0
        var raw = [Double](repeating: 0, count: grid.count)
        var sharp = [Double](repeating: 0, count: grid.count)
        periodicities = grid.map(acfStrength)
        self.acf = acf
        for (index, bpm) in grid.enumerated() {
            let metrical = acfStrength(bpm) + 0.5 * acfStrength(bpm / 2) + 0.25 * acfStrength(bpm / 4)
            let spectral = fourierPeak > 0 ? fourier[index] / fourierPeak : 0
            raw[index] = metrical * (0.5 + 0.5 * spectral)
            sharp[index] = (metrical * spectral).squareRoot() * configuration.prior(bpm)
        }
        rawStrengths = raw
        sharpStrengths = sharp
        strengths = zip(grid, raw).map { configuration.prior($0) * $1 }
    }

    /// Local maxima of the strength, strongest first, as (bpm, strength) with the vertex of a parabola
    /// through the peak and its neighbours for sub-grid precision.
    func peaks(sharp: Bool = false) -> [(bpm: Double, strength: Double)] {
        let strengths = sharp ? sharpStrengths : self.strengths
        guard strengths.count >= 3 else { return [] }
        var out: [(bpm: Double, strength: Double)] = []
        for index in 1..<(strengths.count - 1) {
            let (left, centre, right) = (strengths[index - 1], strengths[index], strengths[index + 1])
            guard centre > 0, centre >= left, centre > right else { continue }
            let curvature = left - 2 * centre + right
            let offset = curvature < 0 ? 0.5 * (left - right) / curvature : 0
            let step = bpms[1] - bpms[0]
            out.append((bpms[index] + offset * step, centre))
        }
        return out.sorted { $0.strength > $1.strength }
    }

    /// Strength (prior included) at any BPM inside the grid, linearly interpolated; 0 outside.
    func strength(at bpm: Double) -> Double { Tempogram.interpolate(strengths, bpms, at: bpm) }

    /// Strength without the prior at any BPM inside the grid, linearly interpolated; 0 outside.
    func rawStrength(at bpm: Double) -> Double { Tempogram.interpolate(rawStrengths, bpms, at: bpm) }

    /// acf⁺ at any BPM inside the grid (see ``periodicities``), linearly interpolated; 0 outside.
    func periodicity(at bpm: Double) -> Double { Tempogram.interpolate(periodicities, bpms, at: bpm) }

    /// acf⁺ at the period of any tempo whose lag is at least one frame and inside the computed lags;
    /// 0 elsewhere. Unlike ``periodicity(at:)`` it reads faster tempi than the grid's maximum too.
    func periodicity(atAnyBPM bpm: Double) -> Double {
        guard bpm > 0 else { return 0 }
        let lag = 60 * frameRate / bpm
        let index = Int(lag)
        guard lag >= 1, index + 1 < acf.count else { return 0 }
        let fraction = lag - Double(index)
        return max(0, acf[index] * (1 - fraction) + acf[index + 1] * fraction)
    }

    private static func interpolate(_ strengths: [Double], _ bpms: [Double], at bpm: Double) -> Double {
        guard let first = bpms.first, bpms.count >= 2 else { return 0 }
        let position = (bpm - first) / (bpms[1] - first)
        guard position >= 0, position <= Double(strengths.count - 1) else { return 0 }
        let index = min(Int(position), strengths.count - 2)
        let fraction = position - Double(index)
        return strengths[index] * (1 - fraction) + strengths[index + 1] * fraction
    }

    /// Unbiased autocorrelation normalized to 1 at lag 0: r(k) = (Σ x[i]x[i+k] / (n−k)) / (Σ x² / n).
    static func autocorrelation(_ values: [Double], maxLag: Int) -> [Double] {
        let count = values.count
        let energy = values.reduce(0) { $0 + $1 * $1 } / Double(count)
        guard energy > 0, maxLag >= 0 else { return [Double](repeating: 0, count: max(0, maxLag + 1)) }
        var out = [Double](repeating: 0, count: maxLag + 1)
        for lag in 0...min(maxLag, count - 1) {
            var sum = 0.0
            for index in 0..<(count - lag) { sum += values[index] * values[index + lag] }
            out[lag] = sum / Double(count - lag) / energy
        }
        return out
    }

    /// Magnitude of the Hann-windowed sequence's discrete-time Fourier transform at each frequency (Hz),
    /// computed with the Goertzel recurrence, four frequencies per pass (independent recurrences
    /// interleaved, so the processor overlaps them).
    static func fourierMagnitudes(_ values: [Double], frequencies: [Double], frameRate: Double) -> [Double] {
        let count = values.count
        let windowed = (0..<count).map { index in
            values[index] * (0.5 - 0.5 * cos(2 * Double.pi * Double(index) / Double(max(1, count - 1))))
        }
        let coefficients = frequencies.map { 2 * cos(2 * Double.pi * $0 / frameRate) }
        var out = [Double](repeating: 0, count: frequencies.count)
        func magnitude(_ coefficient: Double, _ previous: Double, _ beforePrevious: Double) -> Double {
            max(0, previous * previous + beforePrevious * beforePrevious - coefficient * previous * beforePrevious)
                .squareRoot()
        }
        var first = 0
        while first < frequencies.count {
            let c0 = coefficients[first]
            let c1 = first + 1 < coefficients.count ? coefficients[first + 1] : 0
            let c2 = first + 2 < coefficients.count ? coefficients[first + 2] : 0
            let c3 = first + 3 < coefficients.count ? coefficients[first + 3] : 0
            var (p0, p1, p2, p3) = (0.0, 0.0, 0.0, 0.0)
            var (q0, q1, q2, q3) = (0.0, 0.0, 0.0, 0.0)
            for value in windowed {
                (p0, q0) = (value + c0 * p0 - q0, p0)
                (p1, q1) = (value + c1 * p1 - q1, p1)
                (p2, q2) = (value + c2 * p2 - q2, p2)
                (p3, q3) = (value + c3 * p3 - q3, p3)
            }
            let results = [magnitude(c0, p0, q0), magnitude(c1, p1, q1), magnitude(c2, p2, q2), magnitude(c3, p3, q3)]
            for offset in 0..<min(4, frequencies.count - first) { out[first + offset] = results[offset] }
            first += 4
        }
        return out
    }
}
