import Foundation

/// Mel-frequency cepstral coefficients: an orthonormal DCT-II of the log-mel spectrum.
///
/// `c[t, i] = s_i · Σ_m L[t, m] · cos(π·i·(2m + 1) / (2M))` with `s_0 = √(1/M)` and `s_i = √(2/M)` otherwise,
/// where `L` is the log-mel spectrogram in dB (``Decibels``) and `M` the number of mel bands
/// (scipy `dct(type=2, norm="ortho")`, librosa `feature.mfcc(dct_type=2, norm="ortho", lifter=0)`).
/// The transform is a precomputed `coefficientCount × M` matrix.
public struct MFCCTransform: Sendable, Hashable {
    /// Number of coefficients per frame.
    public let coefficientCount: Int
    /// Number of mel bands expected per frame.
    public let bandCount: Int
    /// Row-major DCT matrix, `coefficientCount × bandCount`.
    let matrix: [Float]

    /// Precomputes the DCT matrix.
    /// - Parameters:
    ///   - coefficientCount: coefficients to keep (1...bandCount). Default 20.
    ///   - bandCount: mel bands per frame. Default 128.
    public init(coefficientCount: Int = 20, bandCount: Int = 128) {
        precondition(coefficientCount >= 1 && coefficientCount <= bandCount, "coefficientCount must be 1...bandCount")
        self.coefficientCount = coefficientCount
        self.bandCount = bandCount
        var matrix = [Float](repeating: 0, count: coefficientCount * bandCount)
        let m = Double(bandCount)
        for i in 0..<coefficientCount {
            let scale = i == 0 ? (1 / m).squareRoot() : (2 / m).squareRoot()
            for j in 0..<bandCount {
                matrix[i * bandCount + j] = Float(scale * cos(Double.pi * Double(i) * (2 * Double(j) + 1) / (2 * m)))
            }
        }
        self.matrix = matrix
    }

    /// The MFCCs of a log-mel spectrogram.
    /// - Parameter logMel: frame-major log-mel values in dB, `frameCount * bandCount`.
    /// - Returns: frame-major coefficients, `frameCount * coefficientCount`.
    public func coefficients(ofLogMel logMel: [Float]) -> [Float] {
        let frames = logMel.count / bandCount
        var output = [Float](repeating: 0, count: frames * coefficientCount)
        for t in 0..<frames {
            let base = t * bandCount
            for i in 0..<coefficientCount {
                let row = i * bandCount
                var sum: Float = 0
                for j in 0..<bandCount { sum += matrix[row + j] * logMel[base + j] }
                output[t * coefficientCount + i] = sum
            }
        }
        return output
    }
}
