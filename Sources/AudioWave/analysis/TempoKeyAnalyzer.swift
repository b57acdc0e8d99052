import AudioWaveDSP

/// Which part of a file tempo and key are measured on.
public enum AnalysisSpan: Sendable, Codable, Hashable {
    /// The whole file.
    case wholeFile
    /// An excerpt of the given length centred in the file (the whole file when shorter): the fast
    /// path of progressive analysis. The default is 30 s.
    case centredExcerpt(durationSeconds: Double)

    /// The default excerpt: 30 s from the middle.
    public static let standardExcerpt = AnalysisSpan.centredExcerpt(durationSeconds: 30)
}

/// Tempo, beats and key of one signal or file, with the analysis settings that produced them.
public struct TempoKeyAnalysis: Sendable, Codable, Hashable {
    /// Tempo and beats; nil when the signal has no periodicity (silence, too short).
    public var tempo: TempoEstimate?
    /// Key; nil when the signal has no pitched energy (see ``keyUnavailableReason``).
    public var key: KeyEstimate?
    /// Why ``key`` is nil: too little audible signal or no tonal content; nil when there is a key.
    public var keyUnavailableReason: KeyUnavailableReason?
    /// Where the analysed span starts in the file, in seconds (beat times are relative to it).
    public var startSeconds: Double
    /// Length of the analysed span, in seconds.
    public var durationSeconds: Double

    /// Creates an analysis.
    public init(
        tempo: TempoEstimate?, key: KeyEstimate?, keyUnavailableReason: KeyUnavailableReason? = nil,
        startSeconds: Double, durationSeconds: Double
    ) {
        self.tempo = tempo
        self.key = key
        self.keyUnavailableReason = key == nil ? keyUnavailableReason : nil
        self.startSeconds = startSeconds
        self.durationSeconds = durationSeconds
    }
}

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
        return TempoKeyAnalysis(
            tempo: tempoEstimator.estimate(
                onsetEnvelope: extracted.onsetEnvelope, sampleRate: configuration.sampleRate,
                hopLength: configuration.hopLength),
            key: try? key.get(),
            keyUnavailableReason: { if case .failure(let reason) = key { reason } else { nil } }(),
            startSeconds: 0,
            durationSeconds: Double(samples.count) / configuration.sampleRate)
    }
}
