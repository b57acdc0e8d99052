import AudioWaveAnalysis
import AudioWaveDSP
import AudioWaveReport

/// Onset rate, danceability, dynamic complexity and beats loudness (essentia's descriptors, see
/// `analysis/descriptors`) on the centred excerpt, or the whole file when it is no longer than the excerpt.
/// Cheap (about 20 ms per audio minute at 22050 Hz), so they ride on the excerpt's decode, or, when no
/// excerpt pass ran (the quality gate is off), on the excerpt's samples the full pass kept; they never
/// stream the whole file. Beats loudness reads the beats inside the excerpt, so it needs tempo: the
/// excerpt's own beats in the excerpt pass, the full track's beats otherwise.
struct DescriptorsUnit: AnalysisUnit {
    var analysis: Analysis { .descriptors }
    var readsExcerpt: Bool { true }

    func analyzeExcerpt(_ input: ExcerptInput, into excerpt: inout ExcerptAnalysis) -> Double? {
        excerpt.descriptors = measure(
            input.samples, sampleRate: input.sampleRate, startSeconds: input.startSeconds,
            beats: excerpt.tempo?.beats, scope: excerpt.coversWholeFile ? .full : .excerpt)
        return nil
    }

    var handlers: [AudioStages.Handler] {
        [
            AudioStages.Handler(name: "descriptors", stage: .aggregation) { context in
                try await offPool { aggregate(context.state) }
            }
        ]
    }

    /// The descriptors of the excerpt the full pass kept, with the full track's beats.
    func aggregate(_ state: TrackState) -> AudioStages.Outcome {
        guard let span = state.excerptSamples else { return .unchanged }
        let descriptors = measure(
            span.samples, sampleRate: span.sampleRate, startSeconds: span.startSeconds, beats: state.tempo?.beats,
            scope: .excerpt)
        return AudioStages.Outcome {
            $0.descriptors = descriptors
            $0.excerptSamples = nil
        }
    }

    /// The descriptors of `samples`, which start at `startSeconds` of the file; `beats` are in file time
    /// (those outside the samples are ignored).
    func measure(
        _ samples: [Float], sampleRate: Int, startSeconds: Double, beats: [Double]?, scope: AnalysisScope
    ) -> DescriptorsReport {
        let rate = Double(sampleRate)
        let duration = Double(samples.count) / rate
        let complexity = DynamicComplexity.measure(samples: samples, sampleRate: rate)
        let localBeats = beats?.map { $0 - startSeconds }.filter { $0 >= 0 && $0 < duration }
        let beatsLoudness = localBeats.flatMap {
            try? BeatsLoudness.measure(samples: samples, sampleRate: rate, beatTimes: $0)
        }
        return DescriptorsReport(
            scope: scope, startSeconds: startSeconds, durationSeconds: duration,
            onsetRate: finite(try? OnsetRate.measure(samples: samples, sampleRate: rate).rate),
            danceability: finite(Danceability.measure(samples: samples, sampleRate: rate).value),
            dynamicComplexity: finite(complexity.complexity), loudnessDB: finite(complexity.loudnessDecibels),
            beatsLoudness: beatsLoudness.flatMap { $0.energies.isEmpty ? nil : finite($0.meanEnergy) },
            beatsLoudnessBandRatio: beatsLoudness.flatMap { $0.energies.isEmpty ? nil : $0.meanBandRatios })
    }

    func report(_ state: TrackState, context: ReportContext, into content: inout ReportContent) {
        guard context.isRequested, !context.isSilent else { return }
        content.descriptors = state.descriptors ?? state.excerpt?.descriptors
    }

    /// JSON has no NaN: a non-finite value is reported as null.
    private func finite(_ value: Double?) -> Double? { value.flatMap { $0.isFinite ? $0 : nil } }
}
