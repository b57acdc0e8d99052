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
            throw DSPError(.invalidConfiguration, field: "sample_rate", reason: "sample rate and mel bands must be positive")
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
        let delay = 1 + frameLength / (2 * hopLength)
        guard frames > delay else { return output }
        let scale = 1 / Float(bandCount)
        for t in delay..<frames {
            let current = (t - delay + 1) * bandCount
            let previous = (t - delay) * bandCount
            var sum: Float = 0
            for m in 0..<bandCount { sum += max(0, logMel[current + m] - logMel[previous + m]) }
            output[t] = sum * scale
        }
        return output
    }
}
