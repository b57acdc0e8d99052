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
    /// The same matrix by band: band `j`'s coefficients `8c ..< 8c + 8` in `columns[j * chunkCount + c]`.
    let columns: [SIMD8<Float>]
    /// Eight-lane chunks per band, `⌈coefficientCount / 8⌉`.
    let chunkCount: Int

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
        let chunks = (coefficientCount + 7) / 8
        var columns = [SIMD8<Float>](repeating: .zero, count: bandCount * chunks)
        for i in 0..<coefficientCount {
            for j in 0..<bandCount { columns[j * chunks + i / 8][i % 8] = matrix[i * bandCount + j] }
        }
        self.columns = columns
        self.chunkCount = chunks
    }

    /// The MFCCs of a log-mel spectrogram.
    /// - Parameter logMel: frame-major log-mel values in dB, `frameCount * bandCount`.
    /// - Returns: frame-major coefficients, `frameCount * coefficientCount`.
    public func coefficients(ofLogMel logMel: [Float]) -> [Float] {
        let frames = logMel.count / bandCount
        var output = [Float](repeating: 0, count: frames * coefficientCount)
        var accumulators = [SIMD8<Float>](repeating: .zero, count: chunkCount)
        for t in 0..<frames {
            transform(logMel, base: t * bandCount, into: &output, at: t * coefficientCount, accumulators: &accumulators)
        }
        return output
    }

    /// The coefficients of one frame: `bandCount` log-mel values of `logMel` at `base` go to
    /// `output[offset ..< offset + coefficientCount]`. `accumulators` holds `chunkCount` scratch vectors.
    @inline(__always)
    func transform(
        _ logMel: [Float], base: Int, into output: inout [Float], at offset: Int, accumulators: inout [SIMD8<Float>]
    ) {
        for c in 0..<chunkCount { accumulators[c] = .zero }
        for j in 0..<bandCount {
            let x = logMel[base + j]
            for c in 0..<chunkCount { accumulators[c] += columns[j * chunkCount + c] * x }
        }
        for i in 0..<coefficientCount { output[offset + i] = accumulators[i / 8][i % 8] }
    }
}
