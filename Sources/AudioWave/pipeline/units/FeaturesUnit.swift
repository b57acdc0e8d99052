import AudioWaveDSP
import AudioWaveReport
import StageEngine

/// Per-file summaries of the spectral features, RMS, zero-crossing rate, MFCC and chroma: from the
/// excerpt, and from the whole track in aggregation (which also releases the per-frame arrays).
struct FeaturesUnit: AnalysisUnit {
    var analysis: Analysis { .features }
    var featureNeeds: FeatureScope? { .all }

    func analyzeExcerpt(_ input: ExcerptInput, into excerpt: inout ExcerptAnalysis) -> Double? {
        excerpt.summaries = input.features?.summaries
        return nil
    }

    var handlers: [AudioStages.Handler] {
        [
            AudioStages.Handler(name: "summaries", stage: .aggregation) { context in
                try await offPool { aggregate(context.state) }
            }
        ]
    }

    func aggregate(_ state: TrackState) -> AudioStages.Outcome {
        guard let features = state.features else { return .unchanged }
        let summaries = features.summaries
        return AudioStages.Outcome {
            $0.summaries = summaries
            $0.releaseBulk()  // per-frame arrays are not reported: free them before the item finishes
        }
    }

    func report(_ state: TrackState, context: ReportContext, into content: inout ReportContent) {
        // The full track's summaries even when aggregation did not run (an early exit after deep analysis,
        // a disabled stage): the feature pass holds them until finalization.
        guard context.isRequested,
            let summaries = state.summaries ?? state.features?.summaries ?? state.excerpt?.summaries
        else { return }
        content.features = Self.report(summaries)
    }

    static func report(_ summaries: FeatureSummaries) -> FeatureReport {
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
            chroma: VectorSummary(mean: summaries.chromaMean, std: summaries.chromaStd),
            spectralContrast: VectorSummary(mean: summaries.contrastMean, std: summaries.contrastStd))
    }
}
