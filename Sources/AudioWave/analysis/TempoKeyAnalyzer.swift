import AudioWaveDSP

/// The tempo-and-key chain: decode (mono, analysis rate, optional excerpt), the pipeline's tempo-and-key
/// features (one STFT: onset envelope, chroma of every 4th frame, RMS), then ``TempoEstimator`` and
/// ``KeyEstimator/analyze(features:)``.
///
/// Build it once (FFT plans, filter banks, profiles) and call it per file; it is `Sendable` and holds
/// no mutable state.
public struct TempoKeyAnalyzer: Sendable {
    /// The feature extractor (analysis rate, frame and hop length).
    public let features: FeatureExtractor
    /// The tempo estimator.
    public let tempoEstimator: TempoEstimator
    /// The key estimator.
    public let keyEstimator: KeyEstimator
    /// Chroma (and tuning) are computed on every `keyFrameStride`-th STFT frame, as in the pipeline: always
    /// ``FeatureScope/keyFrameStride`` (4: 93 ms at 22050 Hz, hop 512), so that the key measured here is the
    /// key `audiowave analyze` reports.
    public let keyFrameStride: Int

    /// Creates the chain.
    /// - Parameters:
    ///   - features: DSP settings; the defaults are librosa's (22050 Hz, frame 2048, hop 512). The tuning
    ///     is estimated on every `keyFrameStride`-th frame, as in the pipeline.
    ///   - tempo: tempo settings.
    ///   - key: key settings.
    ///   - keyFrameStride: must be ``FeatureScope/keyFrameStride`` (the pipeline's; kept for callers that
    ///     name it).
    /// - Throws: `DSPError` or ``AnalysisConfigurationError`` for invalid settings.
    public init(
        features: FeatureConfiguration = .standard, tempo: TempoConfiguration = .standard,
        key: KeyConfiguration = .standard, keyFrameStride: Int = FeatureScope.keyFrameStride
    ) throws {
        guard keyFrameStride == FeatureScope.keyFrameStride else {
            throw AnalysisConfigurationError(
                field: "key_frame_stride",
                reason:
                    "the key reads every \(FeatureScope.keyFrameStride)th frame, as the pipeline does; got \(keyFrameStride)"
            )
        }
        self.keyFrameStride = keyFrameStride
        try tempo.validate()
        try key.validate()
        var features = features
        features.tuningFrameStride = keyFrameStride
        self.features = try FeatureExtractor(configuration: features)
        tempoEstimator = TempoEstimator(configuration: tempo)
        keyEstimator = KeyEstimator(configuration: key)
    }

    /// Analyses mono samples at the extractor's sample rate: the features the pipeline extracts
    /// (``FeatureScope/onsetAndChroma``), tempo from their onset envelope and the key from
    /// ``KeyEstimator/analyze(features:)``, as `audiowave analyze` does.
    /// - Parameter samples: mono samples in −1...1.
    /// - Returns: tempo and key (either nil when not measurable), starting at 0 s.
    public func analyze(samples: [Float]) -> TempoKeyAnalysis {
        let configuration = features.configuration
        let extracted = features.summarizedFeatures(samples: samples, scope: .onsetAndChroma)
        let key = keyEstimator.analyze(features: extracted)
        let tempo = tempoEstimator.estimate(
            onsetEnvelope: extracted.onsetEnvelope, sampleRate: configuration.sampleRate,
            hopLength: configuration.hopLength, frameLevels: extracted.rms)
        return TempoKeyAnalysis(
            tempo: LoopTempo.reading(of: samples, alone: tempo, extractor: features, estimator: tempoEstimator),
            key: try? key.get(),
            keyUnavailableReason: { if case .failure(let reason) = key { reason } else { nil } }(),
            startSeconds: 0,
            durationSeconds: Double(samples.count) / configuration.sampleRate)
    }
}
