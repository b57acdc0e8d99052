// `import AudioWave` is all a user needs: the façade re-exports the layers its public API shows
// (reports, batch helpers, the analysis results and DSP types) and the engine it runs on.
@_exported import AudioWaveAnalysis
@_exported import AudioWaveBatch
@_exported import AudioWaveDSP
@_exported import AudioWaveIO
@_exported import AudioWaveReport
@_exported import AudioWaveTags
// AudioAnalyzer takes a swift-log Logger and a swift-metrics MetricsFactory.
@_exported import Logging
@_exported import Metrics
@_exported import StageEngine
