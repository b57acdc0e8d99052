import AudioWaveDSP

/// The energy of each beat and how it splits across frequency bands, with essentia's `BeatsLoudness` /
/// `SingleBeatLoudness` semantics (bands after Scheirer, "Tempo and beat analysis of acoustic musical signals",
/// JASA 103, 1998).
///
/// For each beat time `b`: within the 100 ms from `b − 50 ms` (moved right to start at 0 if need be), the sample
/// of largest `x²` marks the attack; the 50 ms from there (an even number of samples) are windowed (Blackman-Harris
/// scaled to sum 2, ``SegmentPowerSpectrum``) and their energy is `Σ_k |X[k]|²`. A band's ratio is the energy of bins
/// `round(f_lo/nyquist·(K−1)) ... round(f_hi/nyquist·(K−1))` over the total (0 when the total is ≤ 1e-10), as
/// essentia's `EnergyBandRatio`; adjacent bands share their edge bin. Beats whose segment would run past the end
/// of the signal are skipped. Cost: one short FFT per beat.
public struct BeatsLoudness: Sendable, Hashable {
    /// The beats measured, in seconds (the input beats whose segment fits in the signal).
    public var beatTimes: [Double]
    /// Energy of each measured beat.
    public var energies: [Double]
    /// Per measured beat, the share of its energy in each band (`bandEdgesHz.count − 1` values).
    public var bandRatios: [[Double]]

    /// Mean beat energy (0 without beats).
    public var meanEnergy: Double { energies.isEmpty ? 0 : energies.reduce(0, +) / Double(energies.count) }
    /// Mean of each band's ratio over beats (empty without beats).
    public var meanBandRatios: [Double] {
        guard let first = bandRatios.first else { return [] }
        var sums = [Double](repeating: 0, count: first.count)
        for ratios in bandRatios { for (i, r) in ratios.enumerated() where i < sums.count { sums[i] += r } }
        return sums.map { $0 / Double(bandRatios.count) }
    }

    /// Creates a result from its parts.
    public init(beatTimes: [Double], energies: [Double], bandRatios: [[Double]]) {
        self.beatTimes = beatTimes
        self.energies = energies
        self.bandRatios = bandRatios
    }

    /// essentia's default band edges, in Hz: 20-150 (kick), 150-400, 400-3200, 3200-7000, 7000-22000.
    public static let defaultBandEdgesHz: [Double] = [20, 150, 400, 3200, 7000, 22000]

    /// Beat energies and band ratios of a mono signal at the given beat times.
    /// - Parameters:
    ///   - samples: mono signal.
    ///   - sampleRate: its rate in Hz.
    ///   - beatTimes: beat times in seconds.
    ///   - bandEdgesHz: increasing band edges (at least two).
    ///   - beatSeconds: duration of the measured segment (essentia's beatDuration, 0.05 s).
    ///   - windowSeconds: where the attack is searched (essentia's beatWindowDuration, 0.1 s).
    /// - Throws: ``DSPError`` `.invalidConfiguration` for a bad rate, durations or band edges.
    public static func measure(
        samples: [Float], sampleRate: Double, beatTimes: [Double], bandEdgesHz: [Double] = defaultBandEdgesHz,
        beatSeconds: Double = 0.05, windowSeconds: Double = 0.1
    ) throws(DSPError) -> BeatsLoudness {
        guard sampleRate > 0, sampleRate.isFinite else {
            throw DSPError(.invalidConfiguration, field: "sample_rate", reason: "must be positive")
        }
        guard bandEdgesHz.count >= 2, zip(bandEdgesHz, bandEdgesHz.dropFirst()).allSatisfy({ $0 <= $1 }) else {
            throw DSPError(.invalidConfiguration, field: "band_edges_hz", reason: "need at least two increasing edges")
        }
        let searchLength = Int(windowSeconds * sampleRate)
        var segmentLength = Int(beatSeconds * sampleRate)
        if segmentLength % 2 == 1 { segmentLength += 1 }
        guard segmentLength >= 16, searchLength >= segmentLength else {
            throw DSPError(.invalidConfiguration, field: "beat_duration", reason: "need 16 samples ≤ beat ≤ window")
        }
        let spectrum = try SegmentPowerSpectrum(length: segmentLength)
        var kept: [Double] = []
        var starts: [Int] = []
        for beat in beatTimes where beat.isFinite {
            let windowStart = max(0, Int(((beat - windowSeconds / 2) * sampleRate).rounded()))
            guard windowStart + searchLength + segmentLength <= samples.count else { continue }
            var attack = windowStart
            var largest: Float = 0
            for i in windowStart..<(windowStart + searchLength) {
                let power = samples[i] * samples[i]
                if power > largest {
                    largest = power
                    attack = i
                }
            }
            kept.append(beat)
            starts.append(attack)
        }
        let spectra = spectrum.powerSpectra(of: samples, starts: starts)
        let bins = spectrum.binCount
        let nyquist = sampleRate / 2
        let bandBins: [Range<Int>] = zip(bandEdgesHz, bandEdgesHz.dropFirst()).map { low, high in
            let lower = max(0, Int(low / nyquist * Double(bins - 1) + 0.5))
            let upper = min(bins, Int(high / nyquist * Double(bins - 1) + 0.5) + 1)
            return lower..<max(lower, upper)
        }
        var energies: [Double] = []
        var ratios: [[Double]] = []
        for power in spectra {
            var total: Double = 0
            for p in power { total += Double(p) }
            energies.append(total)
            ratios.append(
                bandBins.map { range in
                    guard total > 1e-10 else { return 0 }
                    var band: Double = 0
                    for k in range { band += Double(power[k]) }
                    return band / total
                })
        }
        return BeatsLoudness(beatTimes: kept, energies: energies, bandRatios: ratios)
    }
}
