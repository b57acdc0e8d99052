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

    /// What the key reads: the chroma of frames 0, n, 2n, … (n = ``FeatureScope/keyFrameStride``) with their
    /// audible-frame weights, whether the chroma holds every frame (``FeatureScope/all``) or only those
    /// (``FeatureScope/onsetAndChroma``), so both scopes give the same key.
    var keyChroma: (chroma: Chromagram, weights: [Float]) {
        let stride = FeatureScope.keyFrameStride
        let allWeights = audibleFrameWeights
        let weights = Swift.stride(from: 0, to: allWeights.count, by: stride).map { allWeights[$0] }
        let rowStep = chroma.hopLength == hopLength ? stride : 1  // chroma already strided otherwise
        guard rowStep > 1 else { return (chroma, weights) }
        let width = Chromagram.pitchClassCount
        var values: [Float] = []
        values.reserveCapacity((chroma.frameCount + rowStep - 1) / rowStep * width)
        for row in Swift.stride(from: 0, to: chroma.frameCount, by: rowStep) {
            values.append(contentsOf: chroma.values[(row * width)..<((row + 1) * width)])
        }
        let strided = Chromagram(
            values: values, sampleRate: chroma.sampleRate, hopLength: chroma.hopLength * rowStep,
            tuningCents: chroma.tuningCents)
        return (strided, weights)
    }
}
