import AudioWaveAnalysis
import AudioWaveDSP

/// Every analysis AudioWave knows, in report order. The one list to extend with a new unit.
enum AnalysisUnits {
    /// The units for a configuration (all of them; the stages run only the requested ones).
    /// - Throws: `DSPError` when the feature settings are invalid.
    static func all(configuration: AnalysisConfiguration) -> [any AnalysisUnit] {
        [
            TempoUnit(
                estimator: TempoEstimator(configuration: configuration.tempo), configuration: configuration.tempo),
            KeyUnit(estimator: KeyEstimator(configuration: configuration.key), configuration: configuration.key),
            LoudnessUnit(fromExcerpt: configuration.loudnessFromExcerpt),
            FeaturesUnit(),
            DescriptorsUnit(),  // after TempoUnit: beats loudness reads the excerpt's beats
        ]
    }
}
