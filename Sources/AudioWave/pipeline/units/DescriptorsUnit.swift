import AudioWaveAnalysis
import AudioWaveDSP
import AudioWaveReport

/// Onset rate, danceability, dynamic complexity and beats loudness (essentia's descriptors, see
/// `analysis/descriptors`) on the samples the initial analysis decoded: the centred excerpt, or the
/// whole file when it is no longer than the excerpt. Cheap (about 20 ms per audio minute at 22050 Hz),
/// so they ride on the excerpt's decode and never stream the whole file. Beats loudness reads the
/// excerpt's beats, so it needs tempo.
struct DescriptorsUnit: AnalysisUnit {
    var analysis: Analysis { .descriptors }
    var readsExcerpt: Bool { true }

    func analyzeExcerpt(_ input: ExcerptInput, into excerpt: inout ExcerptAnalysis) -> Double? {
        let rate = Double(input.sampleRate)
        let samples = input.samples
        let complexity = DynamicComplexity.measure(samples: samples, sampleRate: rate)
        // Beats are in file time; the samples start at the excerpt's start.
        let beats = excerpt.tempo?.beats.map { $0 - input.startSeconds }
        let beatsLoudness = beats.flatMap {
            try? BeatsLoudness.measure(samples: samples, sampleRate: rate, beatTimes: $0)
        }
        excerpt.descriptors = DescriptorsReport(
            scope: excerpt.coversWholeFile ? .full : .excerpt, startSeconds: input.startSeconds,
            durationSeconds: Double(samples.count) / rate,
            onsetRate: finite(try? OnsetRate.measure(samples: samples, sampleRate: rate).rate),
            danceability: finite(Danceability.measure(samples: samples, sampleRate: rate).value),
            dynamicComplexity: finite(complexity.complexity), loudnessDB: finite(complexity.loudnessDecibels),
            beatsLoudness: beatsLoudness.flatMap { $0.energies.isEmpty ? nil : finite($0.meanEnergy) },
            beatsLoudnessBandRatio: beatsLoudness.flatMap { $0.energies.isEmpty ? nil : $0.meanBandRatios })
        return nil
    }

    func report(_ state: TrackState, context: ReportContext, into content: inout ReportContent) {
        guard context.isRequested, !context.isSilent else { return }
        content.descriptors = state.excerpt?.descriptors
    }

    /// JSON has no NaN: a non-finite value is reported as null.
    private func finite(_ value: Double?) -> Double? { value.flatMap { $0.isFinite ? $0 : nil } }
}
