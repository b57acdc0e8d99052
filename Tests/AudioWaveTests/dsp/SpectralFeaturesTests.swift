import Foundation
import Testing

@testable import AudioWave
@testable import AudioWaveDSP

@Suite("spectral features")
struct SpectralFeaturesTests {
    /// A spectrogram with a single non-zero bin per frame.
    static func oneBin(_ bin: Int, frames: Int = 3) -> Spectrogram {
        var magnitudes = [Float](repeating: 0, count: frames * 1025)
        for t in 0..<frames { magnitudes[t * 1025 + bin] = 2 }
        return Spectrogram(
            magnitudes: magnitudes, frameCount: frames, binCount: 1025, sampleRate: 22050, frameLength: 2048,
            hopLength: 512)
    }

    @Test("energy in one bin gives that bin's frequency as centroid and roll-off, zero bandwidth")
    func oneBinShape() {
        let spectrogram = Self.oneBin(100)
        let hz = Float(100.0 * 22050 / 2048)
        #expect(SpectralFeatures.centroid(of: spectrogram).allSatisfy { abs($0 - hz) < 1e-3 })
        #expect(SpectralFeatures.bandwidth(of: spectrogram).allSatisfy { abs($0) < 1e-2 })
        #expect(SpectralFeatures.rolloff(of: spectrogram).allSatisfy { $0 == hz })
        #expect(SpectralFeatures.flux(of: spectrogram) == [0, 0, 0])
    }

    @Test("white noise is spectrally flat: flatness near e^−γ ≈ 0.56, a sine near 0")
    func flatness() throws {
        // A single periodogram of white noise has exponentially distributed power, whose geometric mean is
        // e^−γ times its arithmetic mean (γ = Euler's constant): 0.56 is "flat" for one frame.
        let extractor = try FeatureExtractor()
        let noise = extractor.extract(samples: TestSignals.noise(count: 22050)).flatness
        let mean = noise.reduce(0, +) / Float(noise.count)
        #expect(mean > 0.5 && mean < 0.62, "mean flatness \(mean)")
        let sine = extractor.extract(samples: TestSignals.sine(frequencyHz: 1000, count: 22050)).flatness
        #expect(sine[sine.count / 2] < 0.01)
    }

    @Test("contrast extremes agree with sorting for every band size")
    func contrastExtremes() {
        var values = TestSignals.noise(count: 500, seed: 9).map(abs)
        values[17] = 5
        var low = [Float](repeating: 0, count: 9)
        var high = low
        values[200..<260] = ArraySlice(repeating: 0.25, count: 60)  // ties
        for i in 300..<420 { values[i] = Float(420 - i) }  // descending: every value a new minimum
        for (n, take, start) in [
            (1, 1, 3), (7, 3, 3), (19, 1, 3), (120, 2, 3), (450, 9, 3), (80, 4, 190), (120, 6, 300), (7, 7, 40),
        ] {
            let range = start..<(start + n)
            let fast = SpectralContrast.meansOfExtremes(
                of: values, in: range, take: take, lowCandidates: &low, highCandidates: &high)
            let sorted = values[range].sorted()
            let smallest = sorted.prefix(take).reduce(0, +) / Float(take)
            let largest = sorted.suffix(take).reduce(0, +) / Float(take)
            #expect(abs(fast.smallest - smallest) <= 1e-6 * max(1, smallest))
            #expect(abs(fast.largest - largest) <= 1e-6 * max(1, largest))
        }
    }

    @Test("silence gives zeros (flatness 1, contrast 0) and never NaN")
    func silence() throws {
        let features = try FeatureExtractor().extract(samples: [Float](repeating: 0, count: 11025))
        for series in [
            features.centroid, features.bandwidth, features.rolloff, features.flux, features.rms,
            features.zeroCrossingRate, features.onsetEnvelope, features.chroma.values, features.contrast,
        ] {
            let allZero = series.allSatisfy { $0 == 0 }
            #expect(allZero)
        }
        #expect(features.flatness.allSatisfy { $0 == 1 })
        #expect(features.mfcc.allSatisfy { $0.isFinite })
    }

    @Test(
        "full-scale noise, huge values and NaN give finite features",
        arguments: [Float(1), 1e30, .nan, .infinity])
    func finiteFeatures(extreme: Float) throws {
        var samples = TestSignals.noise(count: 8000)
        for i in stride(from: 0, to: samples.count, by: 97) { samples[i] = extreme }
        let features = try FeatureExtractor().extract(samples: samples)
        let all = [
            features.centroid, features.bandwidth, features.rolloff, features.flatness, features.flux,
            features.rms, features.zeroCrossingRate, features.onsetEnvelope, features.chroma.values,
            features.contrast, features.mfcc,
        ].joined()
        let allFinite = all.allSatisfy { $0.isFinite }
        #expect(allFinite)
        let summaries = features.summaries()
        #expect(summaries.mfccMean.allSatisfy { $0.isFinite } && summaries.centroid.mean.isFinite)
    }

    @Test("RMS of a full-scale sine is 1/√2; zero-crossing rate matches its frequency")
    func timeDomain() {
        let sine = TestSignals.sine(frequencyHz: 1000, amplitude: 1, count: 22050)
        let rms = TimeDomainFeatures.rms(of: sine)
        #expect(abs(rms[10] - Float(0.5).squareRoot()) < 1e-3)
        // 2 crossings per period: 2000 per second, 2000 / 22050 per sample.
        let zcr = TimeDomainFeatures.zeroCrossingRate(of: sine)
        #expect(abs(zcr[10] - 2000 / 22050) < 2e-3)
    }

    @Test(
        "RMS and zero-crossing rate follow librosa's padded definitions on every frame",
        arguments: [(2048, 512), (1024, 300), (7, 3)])
    func timeDomainDefinitions(frameLength: Int, hopLength: Int) {
        let samples = TestSignals.noise(count: 5001, amplitude: 0.3).enumerated().map { $0 % 97 < 9 ? 0 : $1 }
        let n = samples.count
        let half = frameLength / 2
        let rms = TimeDomainFeatures.rms(of: samples, frameLength: frameLength, hopLength: hopLength)
        let zcr = TimeDomainFeatures.zeroCrossingRate(of: samples, frameLength: frameLength, hopLength: hopLength)
        #expect(rms.count == 1 + n / hopLength && zcr.count == rms.count)
        for t in rms.indices {
            // Direct definitions: zero padding for RMS, edge padding for the sign changes.
            let padded = (0..<frameLength).map { t * hopLength - half + $0 }
            let energy = padded.reduce(0.0) { sum, p in
                (0..<n).contains(p) ? sum + Double(samples[p]) * Double(samples[p]) : sum
            }
            let signs = padded.map { samples[min(n - 1, max(0, $0))] < -1e-10 }
            let changes = zip(signs, signs.dropFirst()).filter { $0 != $1 }.count
            #expect(abs(Double(rms[t]) - (energy / Double(frameLength)).squareRoot()) <= 1e-6)
            #expect(zcr[t] == Float(changes) / Float(frameLength))
        }
    }

    @Test("the one-pass extractor agrees exactly with the standalone feature functions")
    func fusedMatchesStandalone() throws {
        let extractor = try FeatureExtractor()
        let samples = zip(
            TestSignals.noise(count: 30000, amplitude: 0.1), TestSignals.sine(frequencyHz: 330, count: 30000)
        )
        .map { $0 + $1 }
        let features = extractor.extract(samples: samples)
        let spectrogram = extractor.spectrogram(samples: samples)
        #expect(features.centroid == SpectralFeatures.centroid(of: spectrogram))
        #expect(features.bandwidth == SpectralFeatures.bandwidth(of: spectrogram))
        #expect(features.rolloff == SpectralFeatures.rolloff(of: spectrogram))
        #expect(features.flatness == SpectralFeatures.flatness(of: spectrogram))
        #expect(features.flux == SpectralFeatures.flux(of: spectrogram))
        #expect(features.contrast == extractor.spectralContrast.contrast(of: spectrogram))
        #expect(features.chroma == extractor.chromagram(of: spectrogram))
        #expect(features.mfcc == extractor.mfccTransform.coefficients(ofLogMel: extractor.logMel(of: spectrogram)))
        #expect(features.rms == TimeDomainFeatures.rms(of: samples))
        #expect(features.zeroCrossingRate == TimeDomainFeatures.zeroCrossingRate(of: samples))
    }
}
