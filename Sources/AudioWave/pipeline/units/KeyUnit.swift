import AudioWaveAnalysis
import AudioWaveDSP
import AudioWaveReport
import StageEngine

/// The musical key from the chroma of every 4th frame, audible frames only (as `TempoKeyAnalyzer`
/// does, so that `audiowave eval` measures the estimates the pipeline reports): on the excerpt (gating
/// the early exit) and on the whole track in deep analysis.
struct KeyUnit: AnalysisUnit {
    let estimator: KeyEstimator
    let configuration: KeyConfiguration

    var analysis: Analysis { .key }
    var featureNeeds: FeatureScope? { .chroma }
    var gatesEarlyExit: Bool { true }
    var resultShaping: [String: any Encodable & Sendable] { ["key": configuration] }

    /// The key of a span's features, or why there is none (``KeyEstimator/analyze(features:)``, which
    /// `TempoKeyAnalyzer` calls too).
    func estimate(_ features: SummarizedFeatures) -> (KeyEstimate?, KeyUnavailableReason?) {
        switch estimator.analyze(features: features) {
        case .success(let estimate): return (estimate, nil)
        case .failure(let reason): return (nil, reason)
        }
    }

    func analyzeExcerpt(_ input: ExcerptInput, into excerpt: inout ExcerptAnalysis) -> Double? {
        guard let features = input.features else { return 0 }
        (excerpt.key, excerpt.keyUnavailable) = estimate(features)
        return excerpt.key?.confidence ?? 0
    }

    var handlers: [AudioStages.Handler] {
        [
            AudioStages.Handler(name: "key", stage: .deepAnalysis) { context in
                try await offPool { deep(context.state) }
            }
        ]
    }

    func deep(_ state: TrackState) -> AudioStages.Outcome {
        guard let features = state.features, state.levels?.isSilent != true,
            state.excerpt?.settled.contains(.key) != true
        else { return .unchanged }
        // An excerpt that was the whole file already estimated from these very features.
        let (key, unavailable) =
            state.excerpt.flatMap { $0.coversWholeFile ? ($0.key, $0.keyUnavailable) : nil }
            ?? estimate(features)
        return AudioStages.Outcome(quality: key?.confidence) {
            $0.key = key
            $0.keyUnavailable = unavailable
        }
    }

    /// The best key: the full track's, else the excerpt's; a full-track analysis that found no key is not
    /// overruled by the excerpt's.
    func best(_ state: TrackState) -> KeyEstimate? {
        state.keyUnavailable == nil ? state.key ?? state.excerpt?.key : nil
    }

    func confidence(_ state: TrackState) -> Double? { best(state)?.confidence }

    func warnings(_ state: TrackState) -> [String] {
        guard let full = state.key, let quick = state.excerpt?.key, full.key != quick.key else { return [] }
        return ["excerpt key \(quick.name) differs from full-track \(full.name)"]
    }

    func report(_ state: TrackState, context: ReportContext, into content: inout ReportContent) {
        if context.isSilent {
            content.keyUnavailableReason = "silent"
        } else if !context.isRequested {
            content.keyUnavailableReason = "not requested"
        } else if let estimate = best(state) {
            content.key = Self.report(estimate)
            content.key?.scope = state.key != nil || state.excerpt?.coversWholeFile != false ? .full : .excerpt
        } else if context.wasAnalyzed {
            let reason = state.key == nil ? state.keyUnavailable ?? state.excerpt?.keyUnavailable : nil
            content.keyUnavailableReason = Self.text(reason)
        }
    }

    /// The report's words for why a key is missing (`docs/report.md`).
    static func text(_ reason: KeyUnavailableReason?) -> String {
        switch reason {
        case .tooShort: "too short"
        case .noTonalContent, nil: "no tonal content found"
        }
    }

    /// The key section; `tuning_cents` is rounded to 0.01 cent (the estimate has 1-cent resolution, and
    /// semitones × 100 would otherwise print as −4.999999999999999).
    static func report(_ estimate: KeyEstimate) -> KeyReport {
        KeyReport(
            name: estimate.name, tonic: estimate.tonic, mode: estimate.mode == .major ? .major : .minor,
            camelot: estimate.camelot, openKey: estimate.openKey,
            tuningCents: (estimate.tuningCents * 100).rounded() / 100,
            confidence: estimate.confidence,
            candidates: estimate.candidates.map { KeyCandidateReport(name: $0.key.name, score: $0.score) })
    }
}
