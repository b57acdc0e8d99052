extension Spectrogram {
    /// A copy keeping only each frame's spectral peaks, for harmonic emphasis before chroma.
    ///
    /// A bin survives when it is a local maximum (`S[k] > S[k−1]` and `S[k] ≥ S[k+1]`) and at least
    /// `floorRatio` × the frame's maximum; every other bin becomes 0. Tonal partials survive while broadband
    /// noise and percussion, whose energy is spread over many non-peak bins, are largely removed.
    /// - Parameter floorRatio: magnitude floor relative to the frame maximum. Default 0.001 (−60 dB).
    public func keepingSpectralPeaks(floorRatio: Float = 0.001) -> Spectrogram {
        var peaks = [Float](repeating: 0, count: magnitudes.count)
        let bins = binCount
        guard bins >= 3 else { return self }
        for t in 0..<frameCount {
            let base = t * bins
            var maximum: Float = 0
            for k in 0..<bins { maximum = max(maximum, magnitudes[base + k]) }
            let floor = maximum * floorRatio
            for k in 1..<(bins - 1) {
                let x = magnitudes[base + k]
                if x >= floor, x > magnitudes[base + k - 1], x >= magnitudes[base + k + 1] { peaks[base + k] = x }
            }
        }
        var copy = self
        copy.magnitudes = peaks
        return copy
    }
}
