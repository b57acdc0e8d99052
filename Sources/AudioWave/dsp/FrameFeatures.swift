/// Every frame-wise feature of one mono signal, on one frame grid (`sampleRate / hopLength` frames per second).
///
/// Produced by ``FeatureExtractor/extract(samples:)``. One-dimensional features hold `frameCount` values;
/// matrices are frame-major. All values are finite.
public struct FrameFeatures: Sendable, Hashable {
    /// Number of frames.
    public var frameCount: Int
    /// Sample rate of the analysed signal, in Hz.
    public var sampleRate: Double
    /// Distance between frames, in samples.
    public var hopLength: Int
    /// Spectral centroid per frame, in Hz.
    public var centroid: [Float]
    /// Spectral bandwidth (p = 2) per frame, in Hz.
    public var bandwidth: [Float]
    /// Spectral roll-off per frame, in Hz.
    public var rolloff: [Float]
    /// Spectral flatness per frame, 0...1.
    public var flatness: [Float]
    /// Spectral flux per frame (L2 distance of consecutive magnitude spectra).
    public var flux: [Float]
    /// Spectral contrast in dB, frame-major, `contrastRowCount` values per frame.
    public var contrast: [Float]
    /// Values per frame in ``contrast`` (octave bands + 1).
    public var contrastRowCount: Int
    /// RMS level per frame (linear, full scale = 1).
    public var rms: [Float]
    /// Zero-crossing rate per frame, 0...1.
    public var zeroCrossingRate: [Float]
    /// MFCCs, frame-major, `mfccCount` values per frame.
    public var mfcc: [Float]
    /// Coefficients per frame in ``mfcc``.
    public var mfccCount: Int
    /// Pitch-class energies, normalised per frame (max = 1).
    public var chroma: Chromagram
    /// Onset strength envelope, one value per frame (input of tempo estimation).
    public var onsetEnvelope: [Float]

    /// Creates a value from its parts (used by ``FeatureExtractor``).
    public init(
        frameCount: Int, sampleRate: Double, hopLength: Int, centroid: [Float], bandwidth: [Float], rolloff: [Float],
        flatness: [Float], flux: [Float], contrast: [Float], contrastRowCount: Int, rms: [Float],
        zeroCrossingRate: [Float], mfcc: [Float], mfccCount: Int, chroma: Chromagram, onsetEnvelope: [Float]
    ) {
        self.frameCount = frameCount
        self.sampleRate = sampleRate
        self.hopLength = hopLength
        self.centroid = centroid
        self.bandwidth = bandwidth
        self.rolloff = rolloff
        self.flatness = flatness
        self.flux = flux
        self.contrast = contrast
        self.contrastRowCount = contrastRowCount
        self.rms = rms
        self.zeroCrossingRate = zeroCrossingRate
        self.mfcc = mfcc
        self.mfccCount = mfccCount
        self.chroma = chroma
        self.onsetEnvelope = onsetEnvelope
    }

    /// Per-file summaries of every feature (what a report stores).
    public func summaries() -> FeatureSummaries {
        FeatureSummaries(
            centroid: centroid, bandwidth: bandwidth, rolloff: rolloff, flatness: flatness, flux: flux, rms: rms,
            zeroCrossingRate: zeroCrossingRate, onsetEnvelope: onsetEnvelope,
            contrast: FeatureSummary.columnMeansAndDeviations(contrast, dimension: contrastRowCount),
            mfcc: FeatureSummary.columnMeansAndDeviations(mfcc, dimension: mfccCount),
            chroma: FeatureSummary.columnMeansAndDeviations(chroma.values, dimension: Chromagram.pitchClassCount))
    }
}

/// Per-file summaries of the frame-wise features, as stored in a report. JSON keys are snake_case.
public struct FeatureSummaries: Sendable, Codable, Hashable {
    /// Spectral centroid, Hz.
    public var centroid: FeatureSummary
    /// Spectral bandwidth, Hz.
    public var bandwidth: FeatureSummary
    /// Spectral roll-off, Hz.
    public var rolloff: FeatureSummary
    /// Spectral flatness, 0...1.
    public var flatness: FeatureSummary
    /// Spectral flux.
    public var flux: FeatureSummary
    /// RMS level, linear.
    public var rms: FeatureSummary
    /// Zero-crossing rate, 0...1.
    public var zeroCrossingRate: FeatureSummary
    /// Onset strength.
    public var onsetStrength: FeatureSummary
    /// Mean spectral contrast per band, dB.
    public var contrastMean: [Double]
    /// Standard deviation of spectral contrast per band, dB.
    public var contrastStd: [Double]
    /// Mean of each MFCC.
    public var mfccMean: [Double]
    /// Standard deviation of each MFCC.
    public var mfccStd: [Double]
    /// Mean of each pitch class (0 = C).
    public var chromaMean: [Double]
    /// Standard deviation of each pitch class.
    public var chromaStd: [Double]

    /// Creates summaries from their parts.
    public init(
        centroid: FeatureSummary, bandwidth: FeatureSummary, rolloff: FeatureSummary, flatness: FeatureSummary,
        flux: FeatureSummary, rms: FeatureSummary, zeroCrossingRate: FeatureSummary, onsetStrength: FeatureSummary,
        contrastMean: [Double], contrastStd: [Double], mfccMean: [Double], mfccStd: [Double], chromaMean: [Double],
        chromaStd: [Double]
    ) {
        self.centroid = centroid
        self.bandwidth = bandwidth
        self.rolloff = rolloff
        self.flatness = flatness
        self.flux = flux
        self.rms = rms
        self.zeroCrossingRate = zeroCrossingRate
        self.onsetStrength = onsetStrength
        self.contrastMean = contrastMean
        self.contrastStd = contrastStd
        self.mfccMean = mfccMean
        self.mfccStd = mfccStd
        self.chromaMean = chromaMean
        self.chromaStd = chromaStd
    }

    /// The summaries of the frame-wise series, with MFCC, contrast and chroma column statistics already reduced
    /// (whole-matrix or running): the one assembly of both ``FrameFeatures/summaries()`` and
    /// ``SummaryFeatureStream``.
    init(
        centroid: [Float], bandwidth: [Float], rolloff: [Float], flatness: [Float], flux: [Float], rms: [Float],
        zeroCrossingRate: [Float], onsetEnvelope: [Float], contrast: (mean: [Double], std: [Double]),
        mfcc: (mean: [Double], std: [Double]), chroma chromaColumns: (mean: [Double], std: [Double])
    ) {
        self.init(
            centroid: .summarize(centroid), bandwidth: .summarize(bandwidth), rolloff: .summarize(rolloff),
            flatness: .summarize(flatness), flux: .summarize(flux), rms: .summarize(rms),
            zeroCrossingRate: .summarize(zeroCrossingRate), onsetStrength: .summarize(onsetEnvelope),
            contrastMean: contrast.mean, contrastStd: contrast.std, mfccMean: mfcc.mean, mfccStd: mfcc.std,
            chromaMean: chromaColumns.mean, chromaStd: chromaColumns.std)
    }

    enum CodingKeys: String, CodingKey {
        case centroid, bandwidth, rolloff, flatness, flux, rms
        case zeroCrossingRate = "zero_crossing_rate"
        case onsetStrength = "onset_strength"
        case contrastMean = "contrast_mean"
        case contrastStd = "contrast_std"
        case mfccMean = "mfcc_mean"
        case mfccStd = "mfcc_std"
        case chromaMean = "chroma_mean"
        case chromaStd = "chroma_std"
    }
}
