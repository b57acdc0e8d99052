/// The analysis sections of a report, built from an item's state: the best results it has,
/// full-track where the deep stages ran, the excerpt's otherwise.
struct ReportContent: Sendable {
    var file: FileReport?
    var source: SourceFacts?
    var isSilent = false
    var silenceReason: String?
    var tempo: TempoReport?
    var tempoUnavailableReason: String?
    var key: KeyReport?
    var keyUnavailableReason: String?
    var loudness: LoudnessReport?
    var features: FeatureReport?
    var scope: AnalysisScope = .full
    var quality: Double?

    /// - Parameters:
    ///   - state: what the stages committed.
    ///   - analyses: the analyses requested; the others get null sections ("not requested" for tempo and key).
    init(state: TrackState, analyses: Set<Analysis>) {
        if let properties = state.properties {
            file = FileReport(
                format: properties.container, encoding: properties.encodingCode, sampleRate: properties.sampleRate,
                channels: properties.channelCount, durationSeconds: properties.durationSeconds)
        }
        source = state.source
        let excerpt = state.excerpt
        let isFullTrack = state.summaries != nil || state.tempo != nil || state.key != nil || state.keyUnavailable != nil || excerpt?.coversWholeFile == true
        scope = isFullTrack || excerpt == nil ? .full : .excerpt

        let levels = state.levels ?? excerpt.flatMap { $0.coversWholeFile || state.features == nil ? $0.levels : nil }
        if let levels, levels.isSilent, state.levels != nil || excerpt?.coversWholeFile == true {
            isSilent = true
            silenceReason = levels.peak < 0.001
                ? "peak below -60 dBFS"
                : "\(Int((levels.silenceRatio * 100).rounded()))% of the signal is below -60 dBFS"
        }

        let tempoEstimate = state.tempo ?? excerpt?.tempo
        // A full-track analysis that found no key is not overruled by the excerpt's.
        let keyEstimate = state.keyUnavailable == nil ? state.key ?? excerpt?.key : nil
        let keyUnavailable = state.key == nil ? state.keyUnavailable ?? excerpt?.keyUnavailable : nil
        if isSilent {
            tempoUnavailableReason = "silent"
            keyUnavailableReason = "silent"
        } else {
            defer {
                if !analyses.contains(.tempo) { tempoUnavailableReason = "not requested" }
                if !analyses.contains(.key) { keyUnavailableReason = "not requested" }
            }
            tempo = tempoEstimate.map(ReportContent.tempoReport)
            key = keyEstimate.map(ReportContent.keyReport)
            let analyzed = state.excerpt != nil || state.features != nil || state.summaries != nil
            if tempo == nil, analyzed { tempoUnavailableReason = "no periodic onsets found" }
            if key == nil, analyzed { keyUnavailableReason = ReportContent.keyUnavailableText(keyUnavailable) }
        }
        loudness = (state.loudness ?? excerpt?.loudness).map {
            LoudnessReport(integratedLUFS: $0.integratedLUFS, rangeLU: $0.loudnessRangeLU, truePeakDBTP: $0.truePeakDBTP)
        }
        features = (state.summaries ?? excerpt?.summaries).map(ReportContent.featureReport)
        quality = state.quality ?? excerpt?.confidence
    }

    static func tempoReport(_ estimate: TempoEstimate) -> TempoReport {
        TempoReport(bpm: estimate.bpm, confidence: estimate.confidence, beats: estimate.beats, candidates: estimate.candidates)
    }

    /// The key section; `tuning_cents` is rounded to 0.01 cent (the estimate has 1-cent resolution, and
    /// semitones × 100 would otherwise print as −4.999999999999999).
    static func keyReport(_ estimate: KeyEstimate) -> KeyReport {
        KeyReport(
            name: estimate.name, tonic: estimate.tonic, mode: estimate.mode == .major ? .major : .minor,
            camelot: estimate.camelot, openKey: estimate.openKey, tuningCents: (estimate.tuningCents * 100).rounded() / 100,
            confidence: estimate.confidence,
            candidates: estimate.candidates.map { KeyCandidateReport(name: $0.key.name, score: $0.score) })
    }

    /// The report's words for why a key is missing (`docs/report.md`).
    static func keyUnavailableText(_ reason: KeyUnavailableReason?) -> String {
        switch reason {
        case .tooShort: "too short"
        case .noTonalContent, nil: "no tonal content found"
        }
    }

    static func featureReport(_ summaries: FeatureSummaries) -> FeatureReport {
        func summary(_ value: FeatureSummary) -> ReportSummary {
            ReportSummary(
                mean: value.mean, std: value.std, min: value.min, max: value.max, median: value.median,
                p10: value.p10, p90: value.p90)
        }
        return FeatureReport(
            spectralCentroid: summary(summaries.centroid), spectralBandwidth: summary(summaries.bandwidth),
            spectralRolloff: summary(summaries.rolloff), spectralFlatness: summary(summaries.flatness),
            spectralFlux: summary(summaries.flux), rms: summary(summaries.rms),
            zeroCrossingRate: summary(summaries.zeroCrossingRate),
            mfcc: VectorSummary(mean: summaries.mfccMean, std: summaries.mfccStd),
            chroma: VectorSummary(mean: summaries.chromaMean, std: summaries.chromaStd))
    }
}
