import AudioWaveAnalysis
import AudioWaveDSP
import AudioWaveReport
import Foundation
import StageEngine

/// Tempo and beats from the onset envelope: on the excerpt (gating the early exit) and on the whole
/// track in deep analysis.
struct TempoUnit: AnalysisUnit {
    let estimator: TempoEstimator
    let configuration: TempoConfiguration

    var analysis: Analysis { .tempo }
    var featureNeeds: FeatureScope? { .onset }
    var gatesEarlyExit: Bool { true }
    var resultShaping: [String: any Encodable & Sendable] { ["tempo": configuration] }

    /// Tempo and beats of a span's features (beats from the start of the span).
    func estimate(_ features: SummarizedFeatures) -> TempoEstimate? {
        estimator.estimate(
            onsetEnvelope: features.onsetEnvelope, sampleRate: features.sampleRate, hopLength: features.hopLength,
            frameLevels: features.rms)
    }

    func analyzeExcerpt(_ input: ExcerptInput, into excerpt: inout ExcerptAnalysis) -> Double? {
        guard let features = input.features else { return 0 }
        var tempo = estimate(features)
        if input.coversWholeFile {
            tempo = LoopTempo.reading(
                of: input.samples, alone: tempo, extractor: input.extractor, estimator: estimator)
        }
        excerpt.tempo = tempo?.shifted(bySeconds: input.startSeconds)
        return excerpt.tempo?.confidence ?? 0
    }

    var handlers: [AudioStages.Handler] {
        [
            AudioStages.Handler(name: "tempo", stage: .deepAnalysis, priority: 1) { context in
                try await offPool { deep(context.state) }
            }
        ]
    }

    func deep(_ state: TrackState) -> AudioStages.Outcome {
        guard let features = state.features, state.levels?.isSilent != true,
            state.excerpt?.settled.contains(.tempo) != true
        else { return .unchanged }
        // An excerpt that was the whole file already estimated from these very features.
        let tempo = state.excerpt.flatMap { $0.coversWholeFile ? $0.tempo : nil } ?? estimate(features)
        return AudioStages.Outcome(quality: tempo?.confidence) { $0.tempo = tempo }
    }

    func confidence(_ state: TrackState) -> Double? { (state.tempo ?? state.excerpt?.tempo)?.confidence }

    func warnings(_ state: TrackState) -> [String] {
        var warnings: [String] = []
        if let full = state.tempo, let quick = state.excerpt?.tempo, !TempoAgreement.isConsistent(full.bpm, quick.bpm) {
            warnings.append(
                String(format: "excerpt tempo %.1f BPM disagrees with full-track %.1f BPM", quick.bpm, full.bpm))
        }
        if let duration = state.properties?.durationSeconds,
            let last = (state.tempo ?? state.excerpt?.tempo)?.beats.last,
            last > duration + 0.05
        {
            warnings.append(String(format: "beat at %.2f s lies after the end (%.2f s)", last, duration))
        }
        return warnings
    }

    func report(_ state: TrackState, context: ReportContext, into content: inout ReportContent) {
        if context.isSilent {
            content.tempoUnavailableReason = "silent"
        } else if !context.isRequested {
            content.tempoUnavailableReason = "not requested"
        } else if let estimate = state.tempo ?? state.excerpt?.tempo {
            content.tempo = TempoReport(
                bpm: estimate.bpm, confidence: estimate.confidence, beats: estimate.beats,
                candidates: estimate.candidates.map { TempoCandidateReport(bpm: $0.bpm, strength: $0.strength) },
                scope: state.tempo != nil || state.excerpt?.coversWholeFile != false ? .full : .excerpt)
        } else if context.wasAnalyzed {
            content.tempoUnavailableReason = "no periodic onsets found"
        }
    }
}
