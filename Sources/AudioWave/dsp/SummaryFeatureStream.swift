/// What a summaries-only analysis keeps of a file's features: the per-file ``FeatureSummaries``, plus the
/// per-frame series that tempo and key estimation read (onset envelope, chromagram, RMS for audible-frame weights).
public struct SummarizedFeatures: Sendable, Hashable {
    /// Number of frames.
    public var frameCount: Int
    /// Sample rate of the analysed signal, in Hz.
    public var sampleRate: Double
    /// Distance between frames, in samples.
    public var hopLength: Int
    /// Per-file summaries of every feature; nil when the extraction's scope was
    /// ``FeatureScope/onsetAndChroma``.
    public var summaries: FeatureSummaries?
    /// Onset strength envelope, one value per frame (input of tempo estimation).
    public var onsetEnvelope: [Float]
    /// Pitch-class energies per frame (input of key estimation). In the ``FeatureScope/all`` and
    /// ``FeatureScope/onsetAndChroma`` scopes alike it holds frames 0, n, 2n, … only (n =
    /// ``FeatureScope/keyFrameStride``, its hop n × ``hopLength``): what the key reads.
    public var chroma: Chromagram
    /// RMS level per frame (linear), for weighting frames by audibility.
    public var rms: [Float]

    /// Creates a value from its parts.
    public init(
        frameCount: Int, sampleRate: Double, hopLength: Int, summaries: FeatureSummaries?, onsetEnvelope: [Float],
        chroma: Chromagram, rms: [Float]
    ) {
        self.frameCount = frameCount
        self.sampleRate = sampleRate
        self.hopLength = hopLength
        self.summaries = summaries
        self.onsetEnvelope = onsetEnvelope
        self.chroma = chroma
        self.rms = rms
    }

    /// The summarized form of complete features (``FrameFeatures/summaries()`` and the series kept here).
    public init(features: FrameFeatures) {
        self.init(
            frameCount: features.frameCount, sampleRate: features.sampleRate, hopLength: features.hopLength,
            summaries: features.summaries(), onsetEnvelope: features.onsetEnvelope, chroma: features.chroma,
            rms: features.rms)
    }
}

/// Feature extraction over a mono signal arriving in blocks, in memory that grows by 44 bytes per frame: the
/// summaries-only mode for long files.
///
/// Feed blocks at ``FeatureConfiguration/sampleRate`` with ``add(samples:)``, then call ``finish()``. Unlike
/// ``FeatureStream``, no per-frame mel, MFCC or contrast is kept; MFCC and contrast are reduced to running means
/// and variances as frames go by.
///
/// Memory bound (4-byte floats), for `F` frames:
/// - grows with `F`: 7 scalar series for percentiles (centroid, bandwidth, rolloff, flatness, flux, RMS,
///   zero-crossing rate: 28 B), the onset envelope (4 B) and the chroma of every ``FeatureScope/keyFrameStride``-th
///   frame, all the key reads (12 B; the reported chroma mean and deviation are running moments over every
///   frame) — **44 B per frame**; while arrays grow by doubling their capacity can reach twice that (88 B per
///   frame). At 22050 Hz with hop 512 (43.07 frames per second) a 60-minute file has 155 040 frames: 6.8 MB
///   kept, at most 13.6 MB reserved.
/// - fixed: the spectra of the first `tuningFrameLimit` frames until the tuning is settled
///   (`4·(frameLength/2+1)` B each: 10.6 MB for 2584 frames of 2048), the queue of the last `lookaheadFrames`
///   frames' unconverted mel power and contrast (`4·(melBands + 2·(contrastBands+1))` B each: 1.5 MB for 2584
///   frames), and one analysis window of samples.
///
/// ``FeatureExtractor/summarizedFeatures(samples:scope:)`` is this stream fed one block with both windows the
/// whole signal. Agreement with ``FeatureExtractor/extract(samples:)`` followed by ``FrameFeatures/summaries()``:
/// for signals of at most `lookaheadFrames` and `tuningFrameLimit` frames (one minute by default) every series
/// and summary is the same (both reduce columns with the same ``RunningMoments``).
/// In longer signals frame `t`'s log-mel and contrast are clamped 80 dB below the maximum over frames
/// `0 ... t + lookaheadFrames` rather than over the whole file (see ``StreamingSpectralSummary``), and the tuning
/// comes from the first `tuningFrameLimit` frames.
///
/// Not thread-safe: one stream per file. The extractor may be shared.
public final class SummaryFeatureStream {
    private let stream: FeatureStream

    /// Starts a stream.
    /// - Parameters:
    ///   - extractor: the configured extractor (plans and tables are shared with it).
    ///   - tuningFrameLimit: frames whose spectral peaks vote for the tuning (≥ 1). Default 2584, one minute at
    ///     22050 Hz with a 512-sample hop.
    ///   - lookaheadFrames: frames each frame waits for before its dB clamp is fixed (≥ 1). Default 2584 (1 min).
    ///   - scope: ``FeatureScope/onsetAndChroma`` keeps only what tempo and key read (no summaries), about
    ///     a third of the work; the onset envelope and RMS are the same as with ``FeatureScope/all``, and the
    ///     chroma holds every ``FeatureScope/keyFrameStride``-th frame of it.
    public init(
        extractor: FeatureExtractor, tuningFrameLimit: Int = 2584, lookaheadFrames: Int = 2584,
        scope: FeatureScope = .all
    ) {
        stream = FeatureStream(
            extractor: extractor, tuningFrameLimit: tuningFrameLimit, summaryLookaheadFrames: max(1, lookaheadFrames),
            scope: scope)
    }

    /// The extractor whose configuration and tables the stream uses.
    public var extractor: FeatureExtractor { stream.extractor }

    /// Adds the next block of mono samples (any length). NaN and infinities count as 0; values beyond ±1e6 are
    /// clamped, as in ``FeatureExtractor/extract(samples:)``.
    public func add(samples block: [Float]) {
        stream.add(samples: block)
    }

    /// Completes the last frames (zero-padded past the end) and returns the summaries and kept series.
    /// The stream is spent afterwards.
    public func finish() -> SummarizedFeatures {
        stream.finishSummaries()
    }
}
