extension SummarizedFeatures {
    /// 1 for frames whose energy (RMS²) is within 50 dB of the loudest frame, 0 for the rest, so that
    /// silence and fade tails, which per-frame chroma normalisation would otherwise weigh like any
    /// other frame, do not vote on the key. The same rule as `TempoKeyAnalyzer.audibleFrames(of:)`,
    /// measured here on the time-domain energy that ``rms`` already holds.
    var audibleFrameWeights: [Float] {
        let energies = rms.map { $0 * $0 }
        let threshold = (energies.max() ?? 0) * 1e-5
        return energies.map { $0 > threshold ? 1 : 0 }
    }
}
