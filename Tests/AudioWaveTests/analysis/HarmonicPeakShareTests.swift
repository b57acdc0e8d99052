import Foundation
import Testing

@testable import AudioWave
@testable import AudioWaveDSP

/// Signals whose prominent peaks are or are not harmonically related.
enum HarmonicSignals {
    static let sampleRate = 22050.0
    /// Ratios of an ideal membrane's first twelve modes to its fundamental (zeros of the Bessel functions,
    /// P. M. Morse, *Vibration and Sound*, 1948): what a tom or a timpano without tuning rings at.
    static let membraneModes = [
        1.000, 1.594, 2.136, 2.296, 2.653, 2.918, 3.156, 3.501, 3.600, 3.652, 4.060, 4.154,
    ]

    /// Ratios of a free bar's first five modes to its fundamental (Euler–Bernoulli beam, free ends; N. H.
    /// Fletcher & T. D. Rossing, *The Physics of Musical Instruments*, 1998, ch. 2): the untuned metal bars of
    /// a percussion set, cowbells and plates ring at these.
    static let freeBarModes = [1.000, 2.756, 5.404, 8.933, 13.344]

    /// A percussion kit that rings: three untuned bars (300, 355 and 470 Hz, each on its free-bar modes) struck
    /// together every quarter second over three toms (110, 147 and 196 Hz on their membrane modes) in turn every
    /// half second. Pitched, sustained and repeating, so its chroma persists, but its partials are not
    /// harmonic: no two of the bars' thirteen partials under 5 kHz lie within 1.5% of a whole ratio.
    static func ringingKit(seconds: Double) -> [Float] {
        let count = Int(seconds * sampleRate)
        var out = [Float](repeating: 0, count: count)
        func strike(at start: Double, length: Double, _ partials: [(hertz: Double, amplitude: Double)], decay: Double) {
            let first = Int(start * sampleRate)
            for n in 0..<Int(length * sampleRate) where first + n < count {
                let t = Double(n) / sampleRate
                var x = 0.0
                for partial in partials { x += partial.amplitude * sin(2 * .pi * partial.hertz * t) }
                out[first + n] += Float(x * exp(-decay * t))
            }
        }
        func modes(_ f0: Double, _ ratios: [Double], _ amplitude: Double) -> [(hertz: Double, amplitude: Double)] {
            ratios.enumerated().map {
                (hertz: f0 * $0.element, amplitude: amplitude / Double($0.offset + 1).squareRoot())
            }
        }
        let toms = [110.0, 147.0, 196.0].map { modes($0, membraneModes, 0.1) }
        let bars = [300.0, 355.0, 470.0].flatMap { modes($0, freeBarModes, 0.08) }.filter { $0.hertz < 5000 }
        var step = 0
        while Double(step) * 0.25 < seconds {
            let start = Double(step) * 0.25
            if step % 2 == 0 { strike(at: start, length: 0.6, toms[(step / 2) % toms.count], decay: 4) }
            strike(at: start, length: 0.25, bars, decay: 3)
            step += 1
        }
        return out
    }
}

@Suite("Key: harmonic peaks")
struct HarmonicPeakShareTests {
    @Test("the chance median is that of twelve random frequencies over the band")
    func harmonicChance() {
        let lowest = log(TonalPeakShare.minimumFrequencyHz)
        let highest = log(TonalPeakShare.maximumFrequencyHz)
        let uniform = TestSignals.noise(count: 24 * 4000, amplitude: 1, seed: 41)
        var shares: [Float] = []
        for set in 0..<4000 {
            var peaks = (0..<12).map { index -> HarmonicPeakShare.Peak in
                let u = (Double(uniform[set * 24 + index]) + 1) / 2
                let v = (Double(uniform[set * 24 + 12 + index]) + 1) / 2
                return HarmonicPeakShare.Peak(
                    hertz: exp(lowest + u * (highest - lowest)), power: Float(-log(max(v, 1e-9))))
            }
            if let share = HarmonicPeakShare.share(of: &peaks) { shares.append(share) }
        }
        shares.sort()
        #expect(shares.count == 4000)
        let median = Double(shares[2000])
        #expect(abs(median - HarmonicPeakShare.chanceMedian) < 0.03, "median \(median)")
    }

    @Test("partials of two notes are harmonic; membrane modes no more than chance; eleven peaks are not judged")
    func peakSets() {
        var notes = (1...6).flatMap { k in
            [220.0, 329.6].map { HarmonicPeakShare.Peak(hertz: $0 * Double(k), power: 1 / Float(k)) }
        }
        #expect(HarmonicPeakShare.share(of: &notes) == 1)
        var drum = HarmonicSignals.membraneModes.map {
            HarmonicPeakShare.Peak(hertz: 130 * $0, power: 1)
        }
        let drumShare = HarmonicPeakShare.share(of: &drum) ?? 1
        #expect(Double(drumShare) < HarmonicPeakShare.chanceMedian, "membrane \(drumShare)")
        var few = Array(notes.prefix(11))
        #expect(HarmonicPeakShare.share(of: &few) == nil)
    }

    @Test("a peak's frequency is refined between bins")
    func refinedFrequency() {
        // A Hann-windowed sine at 440 Hz: bins 10.77 Hz apart at 2048 / 22050.
        let extractor = try? FeatureExtractor(configuration: .standard)
        let spectrogram = extractor?.spectrogram(samples: TestSignals.sine(frequencyHz: 440, count: 22050))
        guard let spectrogram, let band = TonalPeakShare.band(frameLength: 2048, sampleRate: 22050) else {
            Issue.record("no spectrogram")
            return
        }
        var peaks: [HarmonicPeakShare.Peak] = []
        let middle = spectrogram.frameCount / 2
        _ = TonalPeakShare.ofFrame(
            spectrogram.magnitudes, base: middle * spectrogram.binCount, band: band, binHz: 22050 / 2048,
            peaks: &peaks)
        let strongest = peaks.max { $0.power < $1.power }
        #expect(abs((strongest?.hertz ?? 0) - 440) < 1.5, "\(strongest?.hertz ?? 0) Hz")
    }

    @Test("a ringing drum kit has no key; the same analysis keeps a harmonic triad's")
    func ringingKitHasNoKey() throws {
        let analyzer = try TempoKeyAnalyzer()
        let kit = analyzer.analyze(samples: HarmonicSignals.ringingKit(seconds: 10))
        #expect(kit.key == nil, "the kit read \(kit.key?.name ?? "")")
        #expect(kit.keyUnavailableReason == .noTonalContent)
        let triad = analyzer.analyze(samples: TonalitySignals.triad(seconds: 10))
        #expect(triad.key?.name == "C major")
    }
}
