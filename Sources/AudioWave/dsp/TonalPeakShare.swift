/// The share of a frame's power, between 100 Hz and 5 kHz, carried by prominent spectral peaks: sinusoidal
/// partials of notes rather than noise, clicks or unpitched drums.
///
/// A bin is a prominent peak when it is a local maximum of the power spectrum and at least ten times (10 dB)
/// the mean power of the bins 3 to 8 bins away on its quieter side (outside the Hann window's main lobe,
/// ±2 bins; the quieter side, so that a neighbouring partial of a chord does not mask the peak). The peak
/// and its two neighbours count as tonal power. In noise a bin's power is exponentially distributed (a
/// periodogram bin has two degrees of freedom), so a noise bin rarely exceeds ten times a local mean
/// (e⁻¹⁰ ≈ 5·10⁻⁵ against the true mean; white noise scores about 0.08 against the quieter side): noise,
/// clicks and drums score low, sustained notes near 1.
/// The prominence test is the sinusoid-versus-noise peak selection of spectral modelling (X. Serra &
/// J. Smith, "Spectral modeling synthesis", *Computer Music Journal* 14(4), 1990); the band is the one
/// essentia's HPCP reads (`minFrequency` 40 Hz raised to 100 Hz, where kicks sit; `maxFrequency` 5 kHz).
public enum TonalPeakShare {
    /// Lowest frequency considered, in Hz.
    public static let minimumFrequencyHz = 100.0
    /// Highest frequency considered, in Hz.
    public static let maximumFrequencyHz = 5000.0
    /// Power ratio over the local background a peak must reach (10 dB).
    public static let prominence: Float = 10
    /// Background bins: 3...8 bins away from the peak on each side.
    static let background = 3...8

    /// The bins of the band for a frame length and sample rate, or nil when the band holds no bin whose
    /// background fits in the spectrum.
    public static func band(frameLength: Int, sampleRate: Double) -> ClosedRange<Int>? {
        let bins = frameLength / 2 + 1
        let binHz = sampleRate / Double(frameLength)
        let low = max(background.upperBound, Int((minimumFrequencyHz / binHz).rounded(.up)))
        let high = min(bins - 1 - background.upperBound, Int((maximumFrequencyHz / binHz).rounded(.down)))
        return low <= high ? low...high : nil
    }

    /// The tonal share, in 0...1, of the frame of magnitudes `s[base ..< base + bins]` (0 for a silent frame).
    public static func ofFrame(_ s: [Float], base: Int, band: ClosedRange<Int>) -> Float {
        var none: [HarmonicPeakShare.Peak] = []
        return measure(s, base: base, band: band, binHz: nil, peaks: &none)
    }

    /// The tonal share and the ``HarmonicPeakShare`` of one frame whose bins are `binHz` apart.
    /// - Parameter peaks: scratch storage for the frame's peaks (emptied first; no allocation once it has grown).
    public static func ofFrame(
        _ s: [Float], base: Int, band: ClosedRange<Int>, binHz: Double, peaks: inout [HarmonicPeakShare.Peak]
    ) -> (tonal: Float, harmonic: Float?) {
        let tonal = measure(s, base: base, band: band, binHz: binHz, peaks: &peaks)
        return (tonal, HarmonicPeakShare.share(of: &peaks))
    }

    /// The tonal share; with `binHz`, every prominent peak is also put in `peaks`.
    private static func measure(
        _ s: [Float], base: Int, band: ClosedRange<Int>, binHz: Double?, peaks: inout [HarmonicPeakShare.Peak]
    ) -> Float {
        peaks.removeAll(keepingCapacity: true)
        var total: Float = 0
        var tonal: Float = 0
        for k in band {
            let power = s[base + k] * s[base + k]
            total += power
            let previous = s[base + k - 1] * s[base + k - 1]
            let next = s[base + k + 1] * s[base + k + 1]
            guard power > previous, power >= next else { continue }
            var below: Float = 0
            var above: Float = 0
            for offset in background {
                below += s[base + k - offset] * s[base + k - offset]
                above += s[base + k + offset] * s[base + k + offset]
            }
            // The quieter side: a neighbouring partial of a chord on one side does not mask the peak.
            let mean = min(below, above) / Float(background.count)
            guard power >= prominence * mean else { continue }
            tonal += previous + power + next
            if let binHz {
                let hertz = HarmonicPeakShare.refinedHertz(
                    bin: k, previous: previous, power: power, next: next, binHz: binHz)
                peaks.append(HarmonicPeakShare.Peak(hertz: hertz, power: power))
            }
        }
        return total > Float.leastNormalMagnitude ? min(1, tonal / total) : 0
    }

    /// The tonal share and the harmonic share of frames 0, n, 2n, … of a magnitude spectrogram (only the frames
    /// the key reads are measured): 0 and −1 for the frames between, −1 too for a frame ``HarmonicPeakShare``
    /// does not judge; both empty when the band is empty.
    public static func ofFrames(
        _ spectrogram: Spectrogram, every stride: Int = 1
    ) -> (tonal: [Float], harmonic: [Float]) {
        guard let band = band(frameLength: spectrogram.frameLength, sampleRate: spectrogram.sampleRate) else {
            return ([], [])
        }
        let stride = max(1, stride)
        let binHz = spectrogram.sampleRate / Double(spectrogram.frameLength)
        var tonal = [Float](repeating: 0, count: spectrogram.frameCount)
        var harmonic = [Float](repeating: -1, count: spectrogram.frameCount)
        var peaks: [HarmonicPeakShare.Peak] = []
        for frame in Swift.stride(from: 0, to: spectrogram.frameCount, by: stride) {
            let measured = ofFrame(
                spectrogram.magnitudes, base: frame * spectrogram.binCount, band: band, binHz: binHz, peaks: &peaks)
            tonal[frame] = measured.tonal
            harmonic[frame] = measured.harmonic ?? -1
        }
        return (tonal, harmonic)
    }
}
