import Foundation
import Testing

@testable import AudioWave
@testable import AudioWaveDSP

@Suite("mel filterbank and MFCC")
struct MelAndMFCCTests {
    @Test("the Slaney scale is linear to 1 kHz (15 mel) and logarithmic above, and inverts")
    func slaneyScale() {
        #expect(abs(MelFilterbank.melFromHz(1000) - 15) < 1e-12)
        #expect(abs(MelFilterbank.melFromHz(200) - 3) < 1e-12)
        for hz in [0.0, 440, 1000, 5000, 11025] {
            #expect(abs(MelFilterbank.hzFromMel(MelFilterbank.melFromHz(hz)) - hz) < 1e-9 * max(1, hz))
        }
    }

    @Test("Slaney area normalisation: each filter integrates to about 1 over Hz")
    func filterArea() {
        let bank = MelFilterbank(bandCount: 40, frameLength: 2048, sampleRate: 22050)
        let binHz = 22050.0 / 2048
        for band in [10, 20, 30] {
            let area = (0..<bank.binCount).reduce(0.0) { $0 + Double(bank.weight(band: band, bin: $1)) * binHz }
            #expect(abs(area - 1) < 0.05, "band \(band): area \(area)")
        }
    }

    @Test("a flat log-mel spectrum has only a DC coefficient, √M times its level")
    func dctOfConstant() {
        let transform = MFCCTransform(coefficientCount: 13, bandCount: 64)
        let mfcc = transform.coefficients(ofLogMel: [Float](repeating: -20, count: 64 * 2))
        #expect(mfcc.count == 26)
        #expect(abs(mfcc[0] - (-20 * 8)) < 1e-3)
        #expect(mfcc[1..<13].allSatisfy { abs($0) < 1e-3 })
    }

    @Test("the DCT is orthonormal: rows have unit norm and are mutually orthogonal")
    func dctOrthonormal() {
        let transform = MFCCTransform(coefficientCount: 20, bandCount: 128)
        func row(_ i: Int) -> ArraySlice<Float> { transform.matrix[(i * 128)..<((i + 1) * 128)] }
        for (i, j) in [(0, 0), (5, 5), (19, 19), (0, 1), (3, 17)] {
            let dot = zip(row(i), row(j)).reduce(Float(0)) { $0 + $1.0 * $1.1 }
            #expect(abs(dot - (i == j ? 1 : 0)) < 1e-5)
        }
    }

    @Test("power_to_db clamps to 80 dB below the maximum and floors at amin")
    func decibels() {
        let db = Decibels.powerToDecibels([1, 1e-3, 0, 1e-12])
        #expect(db == [0, -30, -80, -80])
        #expect(Decibels.powerToDecibels([0, 0], topDecibels: nil) == [-100, -100])
    }
}
