import Foundation
import Testing

@testable import AudioWaveDSP

@Suite("finite-sample check")
struct FiniteSamplesTests {
    static func allFinite(_ samples: [Float]) -> Bool {
        samples.withUnsafeBufferPointer { FiniteSamples.allFinite($0) }
    }

    @Test("finite extremes pass: zeros, subnormals, the largest magnitudes")
    func finiteValues() {
        let values: [Float] = [
            0, -0, .leastNonzeroMagnitude, -.leastNonzeroMagnitude, .leastNormalMagnitude, 1, -1,
            .greatestFiniteMagnitude, -.greatestFiniteMagnitude, 0x1p127,
        ]
        #expect(Self.allFinite(values))
        #expect(Self.allFinite([]))
    }

    @Test(
        "one NaN, signalling NaN or infinity anywhere in a block fails it",
        arguments: [
            Float.nan, -Float.nan, Float.signalingNaN, Float.infinity, -Float.infinity,
            Float(bitPattern: 0x7FFF_FFFF), Float(bitPattern: 0xFF80_0001),
        ])
    func nonFinite(_ bad: Float) {
        for position in [0, 1, 7, 8, 31, 1000, 4095] {
            var block = (0..<4096).map { Float(sin(Double($0) * 0.01)) }
            block[position] = bad
            #expect(!Self.allFinite(block), "\(bad) at \(position)")
        }
    }
}
