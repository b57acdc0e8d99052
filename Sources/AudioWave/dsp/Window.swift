import Foundation

/// An analysis window applied to each STFT frame.
public enum Window: String, Sendable, Codable, Hashable, CaseIterable {
    /// The periodic Hann window, `w[n] = 0.5 − 0.5·cos(2πn/N)` for `n` in `0..<N`
    /// (scipy's `get_window("hann", N, fftbins=True)`, librosa's default).
    case hann
    /// No weighting: every sample weighs 1.
    case rectangular

    /// The window's `length` coefficients, computed in double precision.
    /// - Parameter length: the frame length in samples.
    /// - Returns: `length` weights.
    public func coefficients(length: Int) -> [Float] {
        guard length > 0 else { return [] }
        switch self {
        case .rectangular:
            return [Float](repeating: 1, count: length)
        case .hann:
            return (0..<length).map { n in
                Float(0.5 - 0.5 * cos(2.0 * Double.pi * Double(n) / Double(length)))
            }
        }
    }
}
