/// The feature layer's entry point: built once from a ``FeatureConfiguration`` (FFT plan, window, mel bank,
/// DCT matrix, contrast bands), then called per file.
///
/// A value is immutable and `Sendable`: many tasks may extract with one extractor at once. Each call allocates
/// its buffers once per file and nothing per frame.
public struct FeatureExtractor: Sendable {
    /// The configuration this extractor was built from.
    public let configuration: FeatureConfiguration
    /// The STFT on the configured frame grid.
    public let stft: STFT
    /// The mel filterbank.
    public let melFilterbank: MelFilterbank
    /// The MFCC transform.
    public let mfccTransform: MFCCTransform
    /// The spectral contrast band layout.
    public let spectralContrast: SpectralContrast
    /// The tuning estimator used before chroma.
    public let tuningEstimator: TuningEstimator
    /// The chroma bank at A440, used when tuning estimation is off.
    let untunedChroma: ChromaFilterbank

    /// Validates the configuration and builds every precomputed table.
    /// - Throws: ``DSPError`` `.invalidConfiguration` naming the field, or `.fftPlanFailed`.
    public init(configuration: FeatureConfiguration = .standard) throws(DSPError) {
        try configuration.validate()
        self.configuration = configuration
        self.stft = try STFT(
            frameLength: configuration.frameLength, hopLength: configuration.hopLength, window: configuration.window)
        self.melFilterbank = MelFilterbank(
            bandCount: configuration.melBandCount, frameLength: configuration.frameLength,
            sampleRate: configuration.sampleRate)
        self.mfccTransform = MFCCTransform(
            coefficientCount: configuration.mfccCount, bandCount: configuration.melBandCount)
        self.spectralContrast = try SpectralContrast(
            bandCount: configuration.contrastBandCount, minimumFrequencyHz: configuration.contrastMinimumFrequencyHz,
            frameLength: configuration.frameLength, sampleRate: configuration.sampleRate)
        self.tuningEstimator = TuningEstimator()
        self.untunedChroma = ChromaFilterbank(
            frameLength: configuration.frameLength, sampleRate: configuration.sampleRate)
    }

    /// Every frame-wise feature of a mono signal at ``FeatureConfiguration/sampleRate``: a ``FeatureStream`` fed
    /// the signal in one block, its tuning estimated from every frame.
    ///
    /// Samples are expected in −1...1; NaN and infinities are replaced by 0 and magnitudes beyond 1e6 are
    /// clamped, so any input gives finite features. An empty signal gives zero frames.
    /// - Parameter samples: mono samples.
    /// - Returns: the features on the centred frame grid (`1 + samples.count / hopLength` frames).
    public func extract(samples: [Float]) -> FrameFeatures {
        let stream = FeatureStream(extractor: self, tuningFrameLimit: frameCount(ofSampleCount: samples.count))
        stream.add(samples: samples)
        return stream.finish()
    }

    /// The features of `scope` in summarized form: a ``SummaryFeatureStream`` fed the signal in one block, its
    /// tuning and dB clamp taken over every frame (so for ``FeatureScope/all`` the summaries are exactly
    /// ``extract(samples:)``'s ``FrameFeatures/summaries()``); ``FeatureScope/onsetAndChroma`` gives the same
    /// onset envelope, chroma frames and RMS without the other spectral features (no summaries).
    ///
    /// Memory beyond the samples (shared, not copied): the spectra of the chroma frames until the tuning is
    /// settled at the end and the unconverted mel power of every frame (`4·(frameLength/2+1)` and `4·melBands`
    /// bytes per frame, as the whole spectrogram and mel matrix of the former whole-array path); use a
    /// ``SummaryFeatureStream`` with its default windows for long signals.
    public func summarizedFeatures(samples: [Float], scope: FeatureScope) -> SummarizedFeatures {
        let frames = frameCount(ofSampleCount: samples.count)
        let stream = SummaryFeatureStream(
            extractor: self, tuningFrameLimit: frames, lookaheadFrames: frames, scope: scope)
        stream.add(samples: samples)
        return stream.finish()
    }

    /// Frames of a signal of `count` samples on the centred grid (`1 + count / hopLength`, 0 when empty).
    func frameCount(ofSampleCount count: Int) -> Int {
        count > 0 ? 1 + count / configuration.hopLength : 0
    }

    /// The onset strength envelope alone: STFT, mel, dB and flux, skipping every other feature
    /// (the cheap path for tempo estimation).
    public func onsetEnvelope(samples: [Float]) -> [Float] {
        onsetEnvelope(ofLogMel: logMel(of: spectrogram(ofSanitized: Self.sanitized(samples))))
    }

    /// The magnitude spectrogram of a mono signal on the configured frame grid.
    public func spectrogram(samples: [Float]) -> Spectrogram {
        spectrogram(ofSanitized: Self.sanitized(samples))
    }

    /// The log-mel spectrogram in dB (`power_to_db`, ref 1, amin 1e-10, top 80 dB), frame-major.
    public func logMel(of spectrogram: Spectrogram) -> [Float] {
        var mel = melFilterbank.melPower(of: spectrogram)
        Decibels.convertPowerToDecibels(&mel)
        return mel
    }

    /// The chromagram of a spectrogram, with estimated tuning and harmonic emphasis as configured.
    public func chromagram(of spectrogram: Spectrogram) -> Chromagram {
        let tuning =
            configuration.estimatesTuning
            ? tuningEstimator.estimateTuning(of: spectrogram.everyFrame(configuration.tuningFrameStride)) : 0
        return chromagram(of: spectrogram, tuning: tuning)
    }

    /// Whether frame `t`'s spectral peaks vote for the tuning (``FeatureConfiguration/tuningFrameStride``).
    @inline(__always)
    func votesForTuning(frame t: Int) -> Bool {
        configuration.estimatesTuning && t % configuration.tuningFrameStride == 0
    }

    /// The chromagram with a tuning already estimated (in semitones).
    func chromagram(of spectrogram: Spectrogram, tuning: Double) -> Chromagram {
        let source = configuration.chromaHarmonicEmphasis ? spectrogram.keepingSpectralPeaks() : spectrogram
        var chroma = chromaFilterbank(tuning: tuning).chromagram(of: source)
        // The key reads every keyFrameStride-th frame of a spectrogram on the analysis hop: measure only those.
        let keyFrames = spectrogram.hopLength == configuration.hopLength ? FeatureScope.keyFrameStride : 1
        (chroma.tonalShare, chroma.harmonicShare) = TonalPeakShare.ofFrames(spectrogram, every: keyFrames)
        return chroma
    }

    /// The chroma bank for a tuning in semitones (the precomputed A440 bank for 0).
    func chromaFilterbank(tuning: Double) -> ChromaFilterbank {
        tuning == 0
            ? untunedChroma
            : ChromaFilterbank(
                frameLength: configuration.frameLength, sampleRate: configuration.sampleRate, tuning: tuning)
    }

    package func onsetEnvelope(ofLogMel logMel: [Float]) -> [Float] {
        OnsetStrength.envelope(
            logMel: logMel, bandCount: melFilterbank.bandCount, frameLength: configuration.frameLength,
            hopLength: configuration.hopLength)
    }

    func spectrogram(ofSanitized samples: [Float]) -> Spectrogram {
        stft.spectrogram(of: samples, sampleRate: configuration.sampleRate)
    }

    /// Largest sample magnitude passed on unchanged.
    static let sampleLimit: Float = 1e6

    /// `samples` itself when every value is finite and within ±``sampleLimit``; otherwise a copy with
    /// non-finite values set to 0 and the rest clamped.
    static func sanitized(_ samples: [Float]) -> [Float] {
        var clean = true
        for x in samples where !(abs(x) <= sampleLimit) {
            clean = false
            break
        }
        if clean { return samples }
        return samples.map { x in x.isFinite ? min(sampleLimit, max(-sampleLimit, x)) : 0 }
    }
}
