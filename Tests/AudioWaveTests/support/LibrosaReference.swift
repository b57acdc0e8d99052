import Foundation
import Testing

@testable import AudioWave
@testable import AudioWaveDSP

/// One librosa fixture from `Tests/AudioWaveTests/Resources/dsp/` (made by `scripts/make_dsp_reference.py`).
struct LibrosaReference: Decodable {
    let signal: String
    let sampleCount: Int
    let frameCount: Int
    let subsampledFrames: [Int]
    let stftMagnitudeBinStep: Int
    let stftMagnitude: [[Double]]
    let melPower: [[Double]]
    let mfcc: [[Double]]
    let tuningBins: Double
    let chroma: [[Double]]
    let spectralCentroid: [Double]
    let spectralBandwidth: [Double]
    let spectralRolloff: [Double]
    let spectralFlatness: [Double]
    let spectralContrast: [[Double]]
    let onsetStrength: [Double]
    let rms: [Double]
    let zeroCrossingRate: [Double]

    static let signalNames = ["harmonic", "chord", "clicks", "noise"]

    /// Loads the JSON and the raw float32 input of one fixture.
    static func load(_ name: String) throws -> (reference: LibrosaReference, samples: [Float]) {
        let directory = "Resources/dsp"
        let json = try #require(Bundle.module.url(forResource: name, withExtension: "json", subdirectory: directory))
        let raw = try #require(Bundle.module.url(forResource: name, withExtension: "f32", subdirectory: directory))
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let reference = try decoder.decode(LibrosaReference.self, from: Data(contentsOf: json))
        let bytes = try Data(contentsOf: raw)
        var samples = [Float](repeating: 0, count: bytes.count / 4)
        for i in samples.indices {
            var bits: UInt32 = 0
            for j in 0..<4 { bits |= UInt32(bytes[4 * i + j]) << (8 * UInt32(j)) }
            samples[i] = Float(bitPattern: bits)
        }
        return (reference, samples)
    }
}

/// The worst disagreement between two series, as a multiple of the allowed tolerance
/// `rtol·|expected| + atol` (≤ 1 passes), with the index where it happens.
func worstExcess(actual: [Float], expected: [Double], rtol: Double, atol: Double) -> (ratio: Double, index: Int) {
    var worst = (ratio: 0.0, index: -1)
    if actual.count != expected.count { return (.infinity, -1) }
    for i in expected.indices {
        let allowed = rtol * abs(expected[i]) + atol
        let difference = abs(Double(actual[i]) - expected[i])
        let ratio = difference == 0 ? 0 : difference / allowed
        if !(ratio <= worst.ratio) { worst = (ratio.isNaN ? .infinity : ratio, i) }
    }
    return worst
}
