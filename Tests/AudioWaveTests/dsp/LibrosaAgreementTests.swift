import Foundation
import Testing

@testable import AudioWave
@testable import AudioWaveDSP

/// AudioWave's features against librosa 0.11.0 on four synthetic signals (see `scripts/make_dsp_reference.py`).
///
/// Tolerances: `|actual − expected| ≤ rtol·|expected| + atol`, with rtol 1e-3 for STFT magnitudes and mel power
/// and 1e-2 for derived features. `atol` is a small fraction of the series' largest value (1e-5 for STFT/mel,
/// 1e-3 otherwise): float32 FFT rounding is relative to a frame's energy, not to each tiny bin.
@Suite("agreement with librosa")
struct LibrosaAgreementTests {
    let extractor: FeatureExtractor

    init() throws {
        extractor = try FeatureExtractor()
    }

    static func scale(_ values: [Double]) -> Double { values.map(abs).max() ?? 0 }

    @Test("STFT magnitudes match librosa within 1e-3", arguments: LibrosaReference.signalNames)
    func stftMagnitudes(name: String) throws {
        let (reference, samples) = try LibrosaReference.load(name)
        let spectrogram = extractor.spectrogram(samples: samples)
        #expect(spectrogram.frameCount == reference.frameCount)
        for (row, frame) in reference.subsampledFrames.enumerated() {
            let expected = reference.stftMagnitude[row]
            let actual = expected.indices.map { spectrogram[frame, $0 * reference.stftMagnitudeBinStep] }
            let worst = worstExcess(actual: actual, expected: expected, rtol: 1e-3, atol: 1e-5 * Self.scale(expected))
            #expect(worst.ratio <= 1, "\(name) frame \(frame) bin \(worst.index * 4): \(worst.ratio)")
        }
    }

    @Test("mel power matches librosa within 1e-3", arguments: LibrosaReference.signalNames)
    func melPower(name: String) throws {
        let (reference, samples) = try LibrosaReference.load(name)
        let mel = extractor.melFilterbank.melPower(of: extractor.spectrogram(samples: samples))
        let bands = extractor.melFilterbank.bandCount
        for (row, frame) in reference.subsampledFrames.enumerated() {
            let expected = reference.melPower[row]
            let actual = Array(mel[(frame * bands)..<((frame + 1) * bands)])
            let worst = worstExcess(actual: actual, expected: expected, rtol: 1e-3, atol: 1e-5 * Self.scale(expected))
            #expect(worst.ratio <= 1, "\(name) frame \(frame) band \(worst.index): \(worst.ratio)")
        }
    }

    @Test("derived features match librosa within 1e-2", arguments: LibrosaReference.signalNames)
    func derivedFeatures(name: String) throws {
        let (reference, samples) = try LibrosaReference.load(name)
        let features = extractor.extract(samples: samples)
        let series: [(String, [Float], [Double])] = [
            ("centroid", features.centroid, reference.spectralCentroid),
            ("bandwidth", features.bandwidth, reference.spectralBandwidth),
            ("rolloff", features.rolloff, reference.spectralRolloff),
            ("flatness", features.flatness, reference.spectralFlatness),
            ("onset", features.onsetEnvelope, reference.onsetStrength),
            ("rms", features.rms, reference.rms),
            ("zcr", features.zeroCrossingRate, reference.zeroCrossingRate),
            ("mfcc", features.mfcc, reference.mfcc.flatMap { $0 }),
            ("chroma", features.chroma.values, reference.chroma.flatMap { $0 }),
            ("contrast", features.contrast, reference.spectralContrast.flatMap { $0 }),
        ]
        for (label, actual, expected) in series {
            let worst = worstExcess(actual: actual, expected: expected, rtol: 1e-2, atol: 1e-3 * Self.scale(expected))
            #expect(worst.ratio <= 1, "\(name) \(label)[\(worst.index)]: \(worst.ratio)× the tolerance")
        }
    }

    @Test("tuning estimate matches librosa's", arguments: LibrosaReference.signalNames)
    func tuning(name: String) throws {
        let (reference, samples) = try LibrosaReference.load(name)
        let tuning = extractor.tuningEstimator.estimateTuning(of: extractor.spectrogram(samples: samples))
        #expect(abs(tuning - reference.tuningBins) < 0.0051, "\(name): \(tuning) vs \(reference.tuningBins)")
    }
}
