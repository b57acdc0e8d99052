import AudioWaveAnalysis
import AudioWaveIO

// Decoding is io's, the chain is analysis's; the façade joins them (analysis never sees io).
extension TempoKeyAnalyzer {
    /// Decodes `span` of the file at `path` and analyses it.
    /// - Parameters:
    ///   - path: an audio file libsndfile or FFmpeg reads.
    ///   - span: the whole file or a centred excerpt (default 30 s).
    /// - Returns: tempo and key; beat times are relative to ``TempoKeyAnalysis/startSeconds``.
    /// - Throws: `AudioError` from probing or decoding.
    public func analyze(path: String, span: AnalysisSpan = .standardExcerpt) throws(AudioError) -> TempoKeyAnalysis {
        var options = DecodingOptions(sampleRate: Int(features.configuration.sampleRate.rounded()))
        if case .centredExcerpt(let durationSeconds) = span {
            let properties = try AudioDecoder.probe(path: path)
            options.excerpt = Excerpt.centered(durationSeconds: durationSeconds, inFileOf: properties.durationSeconds)
        }
        let decoded = try AudioDecoder.decodeMono(path: path, options: options)
        var analysis = analyze(samples: decoded.samples)
        analysis.startSeconds = decoded.startSeconds
        return analysis
    }
}
