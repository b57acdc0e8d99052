extension Spectrogram {
    /// A copy keeping only each frame's spectral peaks, for harmonic emphasis before chroma.
    ///
    /// A bin survives when it is a local maximum (`S[k] > S[k−1]` and `S[k] ≥ S[k+1]`) and at least
    /// `floorRatio` × the frame's maximum; every other bin becomes 0. Tonal partials survive while broadband
    /// noise and percussion, whose energy is spread over many non-peak bins, are largely removed.
    /// - Parameter floorRatio: magnitude floor relative to the frame maximum. Default 0.001 (−60 dB).
    public func keepingSpectralPeaks(floorRatio: Float = 0.001) -> Spectrogram {
        var peaks = [Float](repeating: 0, count: magnitudes.count)
        guard binCount >= 3 else { return self }
        for t in 0..<frameCount {
            Self.keepPeaks(
                of: magnitudes, base: t * binCount, bins: binCount, floorRatio: floorRatio, into: &peaks,
                at: t * binCount)
        }
        var copy = self
        copy.magnitudes = peaks
        return copy
    }

    /// Writes the peaks of one frame (`bins` magnitudes of `s` at `base`) into `output` at `outputBase`,
    /// zeros elsewhere.
    static func keepPeaks(
        of s: [Float], base: Int, bins: Int, floorRatio: Float, into output: inout [Float], at outputBase: Int
    ) {
        var maximum: Float = 0
        for k in 0..<bins { maximum = max(maximum, s[base + k]) }
        let floor = maximum * floorRatio
        output[outputBase] = 0
        output[outputBase + bins - 1] = 0
        for k in 1..<(bins - 1) {
            let x = s[base + k]
            output[outputBase + k] = x >= floor && x > s[base + k - 1] && x >= s[base + k + 1] ? x : 0
        }
    }
}
