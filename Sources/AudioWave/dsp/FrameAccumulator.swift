/// Runs every per-frame kernel of the feature layer on one magnitude frame at a time and collects the results.
///
/// Used by ``FeatureStream`` (frames as they are transformed), which ``FeatureExtractor/extract(samples:)`` and
/// ``FeatureExtractor/summarizedFeatures(samples:scope:)`` feed in one block. Chroma is not here: it needs the tuning,
/// which is known only after the frames that estimate it.
struct FrameAccumulator {
    let extractor: FeatureExtractor
    let bins: Int
    let binHz: Double
    var centroid: [Float] = []
    var bandwidth: [Float] = []
    var rolloff: [Float] = []
    var flatness: [Float] = []
    var flux: [Float] = []
    /// Mel power per frame, frame-major; converted to dB in ``finish(rms:zeroCrossingRate:chroma:)``.
    var mel: [Float] = []
    var contrast: SpectralContrast.Workspace
    var candidates: TuningEstimator.Candidates
    var frameCount = 0
    /// Set in summaries-only mode: mel and contrast go through it frame by frame instead of being kept.
    var summary: StreamingSpectralSummary?
    /// Every scope but ``FeatureScope/all`` skips the spectral features; of the mel power (for the onset
    /// envelope) and the tuning votes (for chroma) it keeps what it computes.
    let scope: FeatureScope

    /// An accumulator that reduces mel and contrast to running summaries (``StreamingSpectralSummary``) instead
    /// of keeping them per frame.
    init(
        extractor: FeatureExtractor, frameCapacity: Int, summarizingWithLookahead lookaheadFrames: Int,
        scope: FeatureScope = .all
    ) {
        self.init(extractor: extractor, frameCapacity: frameCapacity, keepsSpectralFrames: false, scope: scope)
        summary = StreamingSpectralSummary(
            extractor: extractor, lookaheadFrames: lookaheadFrames, summarizesMFCCAndContrast: scope == .all)
        mel = [Float](repeating: 0, count: extractor.melFilterbank.bandCount)
    }

    init(extractor: FeatureExtractor, frameCapacity: Int, keepsSpectralFrames: Bool = true, scope: FeatureScope = .all)
    {
        let configuration = extractor.configuration
        self.extractor = extractor
        self.scope = scope
        self.bins = configuration.frameLength / 2 + 1
        self.binHz = configuration.sampleRate / Double(configuration.frameLength)
        self.contrast = SpectralContrast.Workspace(
            contrast: extractor.spectralContrast, frameCapacity: keepsSpectralFrames ? frameCapacity : 1)
        self.candidates = TuningEstimator.Candidates(
            estimator: extractor.tuningEstimator, frameLength: configuration.frameLength,
            sampleRate: configuration.sampleRate, frameCapacity: frameCapacity)
        if scope == .all {
            for series in [\FrameAccumulator.centroid, \.bandwidth, \.rolloff, \.flatness, \.flux] {
                self[keyPath: series].reserveCapacity(frameCapacity)
            }
        }
        if keepsSpectralFrames { mel.reserveCapacity(frameCapacity * extractor.melFilterbank.bandCount) }
    }

    /// Adds one frame: `bins` magnitudes of `s` at `base`; the previous frame, if any, at `previousBase`.
    /// - Parameter collectsTuning: whether this frame's peaks vote for the tuning estimate.
    @inline(__always)
    mutating func add(frame s: [Float], base: Int, previousBase: Int?, collectsTuning: Bool) {
        if scope != .all {
            if scope.computesOnsetEnvelope { addMel(frame: s, base: base) }
            if collectsTuning, scope.computesChroma {
                extractor.tuningEstimator.collect(frame: s, base: base, into: &candidates)
            }
            frameCount += 1
            return
        }
        let (c, b) = SpectralFeatures.centroidAndBandwidth(frame: s, base: base, bins: bins, binHz: binHz)
        centroid.append(c)
        bandwidth.append(b)
        rolloff.append(
            SpectralFeatures.rolloff(
                frame: s, base: base, bins: bins, percent: Float(extractor.configuration.rolloffPercent),
                binHz: Float(binHz)))
        flatness.append(SpectralFeatures.flatness(frame: s, base: base, bins: bins, amin: 1e-10))
        flux.append(
            previousBase.map { SpectralFeatures.flux(frame: s, base: base, previousBase: $0, bins: bins) } ?? 0)
        let bands = extractor.melFilterbank.bandCount
        if summary == nil {
            mel.append(contentsOf: repeatElement(0, count: bands))
            extractor.melFilterbank.apply(magnitudes: s, frameOffset: base, into: &mel, at: frameCount * bands)
            extractor.spectralContrast.accumulate(frame: s, base: base, into: &contrast)
        } else {
            for m in 0..<bands { mel[m] = 0 }
            extractor.melFilterbank.apply(magnitudes: s, frameOffset: base, into: &mel, at: 0)
            extractor.spectralContrast.accumulate(frame: s, base: base, into: &contrast)
            summary?.add(mel: mel, melBase: 0, peaks: contrast.peaks, valleys: contrast.valleys, contrastBase: 0)
            contrast.peaks.removeAll(keepingCapacity: true)
            contrast.valleys.removeAll(keepingCapacity: true)
        }
        if collectsTuning { extractor.tuningEstimator.collect(frame: s, base: base, into: &candidates) }
        frameCount += 1
    }

    /// The mel power of one frame, kept per frame or passed to the streaming summary (no contrast: the
    /// path of the scopes for tempo and key).
    private mutating func addMel(frame s: [Float], base: Int) {
        let bands = extractor.melFilterbank.bandCount
        if summary == nil {
            mel.append(contentsOf: repeatElement(0, count: bands))
            extractor.melFilterbank.apply(magnitudes: s, frameOffset: base, into: &mel, at: frameCount * bands)
        } else {
            for m in 0..<bands { mel[m] = 0 }
            extractor.melFilterbank.apply(magnitudes: s, frameOffset: base, into: &mel, at: 0)
            summary?.add(mel: mel, melBase: 0, peaks: [], valleys: [], contrastBase: 0)
        }
    }

    /// The tuning voted by the frames collected so far (0 when estimation is off or nothing voted).
    func tuning() -> Double {
        extractor.configuration.estimatesTuning ? extractor.tuningEstimator.tuning(of: candidates) : 0
    }

    /// Converts the mel power to dB (global top-80-dB clamp), derives MFCC and the onset envelope, and
    /// assembles the features.
    mutating func finish(rms: [Float], zeroCrossingRate: [Float], chroma: Chromagram) -> FrameFeatures {
        let configuration = extractor.configuration
        Decibels.convertPowerToDecibels(&mel)
        return FrameFeatures(
            frameCount: frameCount,
            sampleRate: configuration.sampleRate,
            hopLength: configuration.hopLength,
            centroid: centroid,
            bandwidth: bandwidth,
            rolloff: rolloff,
            flatness: flatness,
            flux: flux,
            contrast: contrast.finish(),
            contrastRowCount: extractor.spectralContrast.rowCount,
            rms: rms,
            zeroCrossingRate: zeroCrossingRate,
            mfcc: extractor.mfccTransform.coefficients(ofLogMel: mel),
            mfccCount: extractor.mfccTransform.coefficientCount,
            chroma: chroma,
            onsetEnvelope: extractor.onsetEnvelope(ofLogMel: mel))
    }

    /// The summaries-only counterpart of ``finish(rms:zeroCrossingRate:chroma:)``: the kept series with the
    /// summaries (none but in the ``FeatureScope/all`` scope). `chromaColumns` are the chroma's column means and
    /// deviations over every frame when the stream reduced them as frames went by (its kept `chroma` then holds
    /// only every ``FeatureScope/keyFrameStride``-th frame); nil reduces `chroma` itself, and only if a summary
    /// needs it.
    mutating func finishSummaries(
        rms: [Float], zeroCrossingRate: [Float], chroma: Chromagram, chromaColumns: (mean: [Double], std: [Double])?
    ) -> SummarizedFeatures {
        guard var summary else {
            return SummarizedFeatures(features: finish(rms: rms, zeroCrossingRate: zeroCrossingRate, chroma: chroma))
        }
        summary.flush()
        let reduced = summary.result()
        let summaries =
            scope == .all
            ? FeatureSummaries(
                centroid: centroid, bandwidth: bandwidth, rolloff: rolloff, flatness: flatness, flux: flux, rms: rms,
                zeroCrossingRate: zeroCrossingRate, onsetEnvelope: reduced.onsetEnvelope, contrast: reduced.contrast,
                mfcc: reduced.mfcc,
                chroma: chromaColumns
                    ?? FeatureSummary.columnMeansAndDeviations(chroma.values, dimension: Chromagram.pitchClassCount))
            : nil
        return SummarizedFeatures(
            frameCount: frameCount, sampleRate: extractor.configuration.sampleRate,
            hopLength: extractor.configuration.hopLength, summaries: summaries, onsetEnvelope: reduced.onsetEnvelope,
            chroma: chroma, rms: rms)
    }
}
