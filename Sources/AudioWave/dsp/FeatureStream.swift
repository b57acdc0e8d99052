/// Feature extraction over a mono signal that arrives in blocks, holding only one analysis window of samples.
///
/// Feed blocks at ``FeatureConfiguration/sampleRate`` with ``add(samples:)`` as they are decoded, then call
/// ``finish()``. Each frame is transformed and reduced to its features as soon as its samples are in; the only
/// per-file state that grows is the features themselves, the mel spectrogram (128 values per frame, kept for
/// the file-wide dB clamp as librosa does) and, until the tuning is settled, the spectra of the first
/// `tuningFrameLimit` frames. ``FeatureExtractor/extract(samples:)`` is this stream fed one block with
/// `tuningFrameLimit` = the signal's frame count, so for a signal of at most `tuningFrameLimit` frames the result
/// is the same to the bit however the blocks are cut; for longer ones the tuning used by chroma is estimated
/// from the first `tuningFrameLimit` frames only.
///
/// Memory grows by about 800 bytes per frame (≈ 120 MB for a 60-minute file at 22050 Hz, hop 512); when only
/// summaries, the onset envelope and the chromagram are needed, use ``SummaryFeatureStream`` (44 bytes per frame).
///
/// Not thread-safe: one stream per file. The extractor it comes from may be shared.
public final class FeatureStream {
    /// The extractor whose configuration and tables the stream uses.
    public let extractor: FeatureExtractor
    /// Frames (from the start) whose spectral peaks vote for the tuning before chroma is computed.
    public let tuningFrameLimit: Int
    private let buffers: RealFFTBuffers
    private var accumulator: FrameAccumulator
    private let frameLength: Int
    private let hopLength: Int
    private let bins: Int
    /// Samples not yet consumed; `pending[0]` is sample number `pendingStart` of the signal.
    private var pending: [Float] = []
    private var pendingStart = 0
    private var receivedCount = 0
    private var firstSample: Float = 0
    private var nextFrame = 0
    /// The current and previous frame's magnitudes (flux needs both), alternating halves.
    private var frames: [Float]
    /// Spectra of the frames seen before the tuning is settled.
    private var retained: [Float] = []
    private var chromaBank: ChromaFilterbank?
    /// Chroma is computed on frames 0, n, 2n, … (``FeatureScope/chromaFrameStride``).
    private let chromaFrameStride: Int
    /// False in the ``FeatureScope/onset`` scope: no chroma, no tuning (the chromagram is empty).
    private let computesChroma: Bool
    private var chroma: [Float] = []
    /// Summaries of the ``FeatureScope/all`` scope: every chroma frame feeds these column moments (the reported
    /// chroma mean and deviation) and only every `keptChromaEvery`-th computed frame is kept, which is every
    /// ``FeatureScope/keyFrameStride``-th analysis frame, all the key reads: 12 B per frame kept instead of 48.
    private var chromaMoments: RunningMoments?
    private let keptChromaEvery: Int
    private var chromaFramesComputed = 0
    /// ``TonalPeakShare`` and ``HarmonicPeakShare`` of each chroma frame, the band they read, scratch for the peaks.
    private var tonalShare: [Float] = []
    private var harmonicShare: [Float] = []
    private var framePeaks: [HarmonicPeakShare.Peak] = []
    private let tonalBand: ClosedRange<Int>?
    private var peaks: [Float]
    private var levels: FrameLevels
    private var rms: [Float] = []
    private var zeroCrossingRate: [Float] = []

    /// Starts a stream.
    /// - Parameters:
    ///   - extractor: the configured extractor (plans and tables are shared with it).
    ///   - tuningFrameLimit: frames used for the tuning estimate (≥ 1). Default 2584, one minute at 22050 Hz
    ///     with a 512-sample hop; their spectra (4·(frameLength/2+1) bytes each) are held until then.
    public convenience init(extractor: FeatureExtractor, tuningFrameLimit: Int = 2584) {
        self.init(extractor: extractor, tuningFrameLimit: tuningFrameLimit, summaryLookaheadFrames: nil)
    }

    /// A stream that keeps every feature (`summaryLookaheadFrames == nil`) or reduces mel and contrast to running
    /// summaries with that lookahead (``SummaryFeatureStream``).
    init(
        extractor: FeatureExtractor, tuningFrameLimit: Int, summaryLookaheadFrames: Int?, scope: FeatureScope = .all
    ) {
        self.extractor = extractor
        self.tuningFrameLimit = max(1, tuningFrameLimit)
        self.chromaFrameStride = scope.chromaFrameStride
        self.computesChroma = scope.computesChroma
        if summaryLookaheadFrames != nil, scope == .all {
            chromaMoments = RunningMoments(dimension: Chromagram.pitchClassCount)
            keptChromaEvery = max(1, FeatureScope.keyFrameStride / scope.chromaFrameStride)
        } else {
            keptChromaEvery = 1
        }
        self.buffers = RealFFTBuffers(plan: extractor.stft.plan)
        // Sized for the tuning window; longer signals grow the per-frame arrays by doubling.
        let capacity = min(self.tuningFrameLimit, 1 << 16)
        if let summaryLookaheadFrames {
            self.accumulator = FrameAccumulator(
                extractor: extractor, frameCapacity: capacity, summarizingWithLookahead: summaryLookaheadFrames,
                scope: scope)
        } else {
            self.accumulator = FrameAccumulator(extractor: extractor, frameCapacity: capacity)
        }
        self.frameLength = extractor.configuration.frameLength
        self.hopLength = extractor.configuration.hopLength
        self.bins = extractor.configuration.frameLength / 2 + 1
        self.frames = [Float](repeating: 0, count: 2 * bins)
        self.levels = FrameLevels(frameLength: frameLength, hopLength: hopLength)
        self.peaks = [Float](repeating: 0, count: bins)
        self.tonalBand = TonalPeakShare.band(frameLength: frameLength, sampleRate: extractor.configuration.sampleRate)
        if !extractor.configuration.estimatesTuning { chromaBank = extractor.chromaFilterbank(tuning: 0) }
    }

    /// Adds the next block of mono samples (any length). NaN and infinities count as 0; values beyond ±1e6 are
    /// clamped, as in ``FeatureExtractor/extract(samples:)``.
    public func add(samples block: [Float]) {
        guard !block.isEmpty else { return }
        if receivedCount == 0 { firstSample = FeatureExtractor.sanitized([block[0]])[0] }
        if pending.isEmpty {
            // Nothing pending (always so for the first block): share the block instead of copying it, so that a
            // signal fed in one block (``FeatureExtractor/extract(samples:)``) is never duplicated in memory.
            pending = FeatureExtractor.sanitized(block)
        } else {
            pending.append(contentsOf: FeatureExtractor.sanitized(block))
        }
        receivedCount += block.count
        // Frame t is complete once samples up to t·hop + frameLength/2 have arrived.
        while nextFrame * hopLength + frameLength / 2 <= receivedCount {
            process(frame: nextFrame, totalCount: nil)
            nextFrame += 1
        }
        // Drop what no later frame reads; compact in large steps so that copying stays linear overall.
        let keepFrom = max(0, nextFrame * hopLength - frameLength / 2)
        if keepFrom - pendingStart >= max(frameLength, pending.count / 2) {
            // Shift the kept tail to the front in place: the buffer keeps its capacity, so a stream fed in
            // equal blocks stops allocating once it has grown (`audiowave-bench allocations`). When `pending`
            // still shares its storage with the caller's first block, this copies once.
            pending.removeSubrange(0..<(keepFrom - pendingStart))
            pendingStart = keepFrom
        }
    }

    /// Completes the last frames (zero-padded past the end, as in the STFT) and returns every feature.
    /// The stream is spent afterwards.
    public func finish() -> FrameFeatures {
        let chromagram = completeFrames()
        return accumulator.finish(rms: rms, zeroCrossingRate: zeroCrossingRate, chroma: chromagram)
    }

    /// ``finish()`` for a summaries-only stream.
    func finishSummaries() -> SummarizedFeatures {
        let chromagram = completeFrames()
        return accumulator.finishSummaries(
            rms: rms, zeroCrossingRate: zeroCrossingRate, chroma: chromagram,
            chromaColumns: chromaMoments?.meansAndDeviations())
    }

    /// Processes the last frames, settles the tuning and returns the chromagram.
    private func completeFrames() -> Chromagram {
        let frameCount = receivedCount > 0 ? 1 + receivedCount / hopLength : 0
        while nextFrame < frameCount {
            process(frame: nextFrame, totalCount: receivedCount)
            nextFrame += 1
        }
        if computesChroma, chromaBank == nil { settleTuning() }
        return Chromagram(
            values: chroma, sampleRate: extractor.configuration.sampleRate,
            hopLength: hopLength * chromaFrameStride * keptChromaEvery,
            tuningCents: (chromaBank?.tuning ?? 0) * 100, tonalShare: tonalShare, harmonicShare: harmonicShare)
    }

    /// Transforms frame `t` and runs every kernel on it. `totalCount` is the signal length once known (at the end).
    private func process(frame t: Int, totalCount: Int?) {
        let start = t * hopLength - frameLength / 2
        let base = (t % 2) * bins
        buffers.transformFrame(
            of: pending, start: start - pendingStart, window: extractor.stft.coefficients, into: &frames, at: base)
        accumulator.add(
            frame: frames, base: base, previousBase: t > 0 ? ((t - 1) % 2) * bins : nil,
            collectsTuning: t < tuningFrameLimit && extractor.votesForTuning(frame: t))
        if computesChroma, t % chromaFrameStride == 0 {
            if let chromaBank {
                appendChroma(of: frames, base: base, bank: chromaBank)
            } else {
                if retained.isEmpty {
                    retained.reserveCapacity(min(tuningFrameLimit / chromaFrameStride + 1, 1 << 16) * bins)
                }
                retained.append(contentsOf: frames[base..<(base + bins)])
            }
        }
        if computesChroma, chromaBank == nil, t + 1 == tuningFrameLimit { settleTuning() }
        appendTimeDomainFeatures(frame: t, totalCount: totalCount)
    }

    /// Fixes the tuning from the frames collected so far and computes the chroma of the retained spectra.
    private func settleTuning() {
        let bank = extractor.chromaFilterbank(tuning: accumulator.tuning())
        chromaBank = bank
        for frame in 0..<(retained.count / bins) { appendChroma(of: retained, base: frame * bins, bank: bank) }
        retained = []
    }

    private func appendChroma(of magnitudes: [Float], base: Int, bank: ChromaFilterbank) {
        let computed = chromaFramesComputed
        chromaFramesComputed += 1
        let keeps = computed % keptChromaEvery == 0
        if keeps, let tonalBand {
            // Only the frames the key reads (every FeatureScope.keyFrameStride-th analysis frame) are measured.
            let frame = computed * chromaFrameStride
            if frame % FeatureScope.keyFrameStride == 0 {
                let binHz = extractor.configuration.sampleRate / Double(extractor.configuration.frameLength)
                let measured = TonalPeakShare.ofFrame(
                    magnitudes, base: base, band: tonalBand, binHz: binHz, peaks: &framePeaks)
                tonalShare.append(measured.tonal)
                harmonicShare.append(measured.harmonic ?? -1)
            } else {
                tonalShare.append(0)
                harmonicShare.append(-1)
            }
        }
        let start = chroma.count
        if extractor.configuration.chromaHarmonicEmphasis, bins >= 3 {
            Spectrogram.keepPeaks(of: magnitudes, base: base, bins: bins, floorRatio: 0.001, into: &peaks, at: 0)
            bank.appendFrame(of: peaks, base: 0, to: &chroma)
        } else {
            bank.appendFrame(of: magnitudes, base: base, to: &chroma)
        }
        if chromaMoments != nil {
            chromaMoments?.add(chroma, at: start)
            if !keeps { chroma.removeLast(Chromagram.pitchClassCount) }
        }
    }

    /// RMS and zero-crossing rate of frame `t` (``FrameLevels``).
    private func appendTimeDomainFeatures(frame t: Int, totalCount: Int?) {
        let (level, crossings) = levels.frame(
            t, samples: pending, bufferStart: pendingStart, available: totalCount ?? receivedCount,
            firstSample: firstSample)
        rms.append(level)
        zeroCrossingRate.append(crossings)
    }
}
