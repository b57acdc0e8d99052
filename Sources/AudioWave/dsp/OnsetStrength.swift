/// The onset strength envelope: rectified spectral flux of the log-mel spectrogram, the input of tempo and
/// beat estimation (librosa `onset.onset_strength` with its defaults: lag 1, no maximum filter, mean over bands,
/// centred frames, no detrending).
///
/// `env[t] = mean_m max(0, L[t−d+1, m] − L[t−d, m])` with `L` the log-mel spectrogram in dB (top 80 dB) and
/// `d = 1 + frameLength / (2·hopLength)` — the lag plus the delay librosa compensates for centred frames; the
/// first `d` values are 0. One value per STFT frame, at `sampleRate / hopLength` frames per second.
public struct OnsetStrength: Sendable {
    /// The transform feeding the mel bank.
    public let stft: STFT
    /// The mel bank (128 Slaney bands by default).
    public let melFilterbank: MelFilterbank
    /// Sample rate in Hz.
    public let sampleRate: Double

    /// Builds the cheap, tempo-only path: STFT and mel bank, nothing else.
    /// - Throws: ``DSPError`` when the sizes are invalid or FFTW cannot plan.
    public init(
        sampleRate: Double = 22050, frameLength: Int = 2048, hopLength: Int = 512, melBandCount: Int = 128
    ) throws(DSPError) {
        guard sampleRate > 0, melBandCount >= 1 else {
            throw DSPError(
                .invalidConfiguration, field: "sample_rate", reason: "sample rate and mel bands must be positive")
        }
        self.stft = try STFT(frameLength: frameLength, hopLength: hopLength)
        self.melFilterbank = MelFilterbank(bandCount: melBandCount, frameLength: frameLength, sampleRate: sampleRate)
        self.sampleRate = sampleRate
    }

    /// The onset strength envelope of a mono signal at `sampleRate`.
    public func envelope(of samples: [Float]) -> [Float] {
        let spectrogram = stft.spectrogram(of: samples, sampleRate: sampleRate)
        var logMel = melFilterbank.melPower(of: spectrogram)
        Decibels.convertPowerToDecibels(&logMel)
        return Self.envelope(
            logMel: logMel, bandCount: melFilterbank.bandCount, frameLength: stft.frameLength,
            hopLength: stft.hopLength)
    }

    /// The onset strength envelope from a log-mel spectrogram already computed.
    /// - Parameters:
    ///   - logMel: frame-major log-mel values in dB, `frameCount * bandCount`.
    ///   - bandCount: mel bands per frame.
    ///   - frameLength: FFT size of the frames, for the centring delay.
    ///   - hopLength: hop of the frames.
    /// - Returns: `frameCount` values ≥ 0.
    public static func envelope(logMel: [Float], bandCount: Int, frameLength: Int, hopLength: Int) -> [Float] {
        guard bandCount > 0, hopLength > 0 else { return [] }
        let frames = logMel.count / bandCount
        var output = [Float](repeating: 0, count: frames)
        let delay = Self.delay(frameLength: frameLength, hopLength: hopLength)
        guard frames > delay else { return output }
        for t in delay..<frames {
            // Already clamped to the file-wide floor: no further floor.
            output[t] = difference(
                logMel, at: (t - delay + 1) * bandCount, from: logMel, at: (t - delay) * bandCount,
                bandCount: bandCount, floor: -.infinity)
        }
        return output
    }

    /// Leading zeros of the envelope: the lag (1) plus the centring delay `frameLength / (2·hopLength)`.
    static func delay(frameLength: Int, hopLength: Int) -> Int {
        1 + frameLength / (2 * hopLength)
    }

    /// One envelope value, the kernel of both the whole-array ``envelope(logMel:bandCount:frameLength:hopLength:)``
    /// and the streaming summaries (``StreamingSpectralSummary``): `mean_m max(0, c[m] − p[m])` over the log-mel
    /// frames `c` (at `currentBase`) and `p` (at `previousBase`), each value first raised to at least `floor`
    /// (the top-dB clamp; `-infinity` for values already clamped).
    @inline(__always)
    static func difference(
        _ current: [Float], at currentBase: Int, from previous: [Float], at previousBase: Int, bandCount: Int,
        floor: Float
    ) -> Float {
        var sum: Float = 0
        for m in 0..<bandCount {
            let c = current[currentBase + m]
            let p = previous[previousBase + m]
            sum += max(0, (c < floor ? floor : c) - (p < floor ? floor : p))
        }
        return sum * (1 / Float(bandCount))
    }
}
