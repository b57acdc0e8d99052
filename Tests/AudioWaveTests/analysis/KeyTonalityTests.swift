import Foundation
import Testing

@testable import AudioWave
@testable import AudioWaveAnalysis

/// Signals with and without a key, for the "no key" answers of ``KeyEstimator/analyze(chromagram:frameWeights:)``.
enum TonalitySignals {
    static let sampleRate = 22050.0

    /// A C major triad (C4, E4, G4), five harmonics per note at 1/k amplitude.
    static func triad(seconds: Double) -> [Float] {
        let count = Int(seconds * sampleRate)
        return (0..<count).map { i in
            let t = Double(i) / sampleRate
            var x = 0.0
            for f0 in [261.63, 329.63, 392.0] {
                for k in 1...5 { x += 0.05 / Double(k) * sin(2 * .pi * f0 * Double(k) * t) }
            }
            return Float(x)
        }
    }

    /// A rock beat at 100 BPM: a kick (a sine falling from 120 to 50 Hz) on beats 1 and 3, a noise snare
    /// on 2 and 4, a differentiated-noise hi-hat on every eighth note.
    static func drumGroove(seconds: Double) -> [Float] {
        let count = Int(seconds * sampleRate)
        var out = [Float](repeating: 0, count: count)
        let noise = TestSignals.noise(count: count, seed: 7)
        let beat = 60.0 / 100
        func add(at start: Double, length: Double, _ sample: (Double, Int) -> Double) {
            let first = Int(start * sampleRate)
            for n in 0..<Int(length * sampleRate) where first + n < count {
                out[first + n] += Float(sample(Double(n) / sampleRate, first + n))
            }
        }
        for b in 0..<Int(seconds / beat) {
            let time = Double(b) * beat
            if b % 2 == 0 {
                add(at: time, length: 0.4) { t, _ in
                    0.6 * sin(2 * .pi * (50 * t + 70 * (1 - exp(-30 * t)) / 30)) * exp(-8 * t)
                }
            } else {
                add(at: time, length: 0.3) { t, i in 0.4 * Double(noise[i]) * exp(-20 * t) }
            }
            for half in [0.0, beat / 2] {
                add(at: time + half, length: 0.1) { t, i in
                    0.2 * Double(noise[i] - (i > 0 ? noise[i - 1] : 0)) * exp(-60 * t)
                }
            }
        }
        return out
    }
}

@Suite("Key: tonality and too-short input")
struct KeyTonalityTests {
    static let analyzer: TempoKeyAnalyzer? = try? TempoKeyAnalyzer()

    @Test("a sine and a harmonic triad carry their power in prominent peaks, noise does not")
    func tonalPeakShare() throws {
        let extractor = try FeatureExtractor(configuration: .standard)
        func share(_ samples: [Float]) -> Double {
            let values = TonalPeakShare.ofFrames(extractor.spectrogram(samples: samples)).tonal
            return Double(values.reduce(0, +)) / Double(max(1, values.count))
        }
        #expect(share(TestSignals.sine(frequencyHz: 440, count: 44100)) > 0.9)
        #expect(share(TonalitySignals.triad(seconds: 2)) > 0.6)
        #expect(share(TestSignals.noise(count: 44100, amplitude: 0.3)) < 0.1)
        #expect(share([Float](repeating: 0, count: 44100)) == 0)
        // Only the frames the key reads are measured.
        let strided = TonalPeakShare.ofFrames(
            extractor.spectrogram(samples: TestSignals.sine(frequencyHz: 440, count: 22050)), every: 4
        ).tonal
        // (Interior frames: the first and last hold the padded signal edges, whose onset spreads the spectrum.)
        let interior = strided.enumerated().dropFirst(4).dropLast(4)
        #expect(interior.allSatisfy { $0.offset % 4 == 0 ? $0.element > 0.9 : $0.element == 0 }, "\(strided)")
    }

    @Test("noise, a drum groove, one held tone and metronome clicks have no key; a triad has one")
    func noTonalContent() throws {
        let analyzer = try #require(Self.analyzer)
        for (name, samples) in [
            ("white noise", TestSignals.noise(count: 220500, amplitude: 0.3)),
            ("drum groove", TonalitySignals.drumGroove(seconds: 10)),
            ("one held tone", TestSignals.sine(frequencyHz: 440, count: 220500)),
        ] {
            let analysis = analyzer.analyze(samples: samples)
            #expect(analysis.key == nil, "\(name) read \(analysis.key?.name ?? "")")
            #expect(analysis.keyUnavailableReason == .noTonalContent, "\(name)")
        }
        for bpm in [120, 128, 174] {
            let analysis = try analyzer.analyze(path: TestAudio.fixture("tempo/click_\(bpm)bpm.wav"))
            #expect(analysis.key == nil, "clicks at \(bpm) BPM read \(analysis.key?.name ?? "")")
            #expect(analysis.keyUnavailableReason != nil)
        }
        let triad = analyzer.analyze(samples: TonalitySignals.triad(seconds: 10))
        #expect(triad.key?.name == "C major")
        #expect(triad.keyUnavailableReason == nil)
    }

    @Test("under two seconds of audible signal has no key: one sample, a 1-s tone, a 1-s tone in silence")
    func tooShort() throws {
        let analyzer = try #require(Self.analyzer)
        let tone = TestSignals.sine(frequencyHz: 440, count: 22050)
        let silence = [Float](repeating: 0, count: 4 * 22050)
        for (name, samples) in [
            ("one sample", [Float(0.5)]), ("1-s tone", tone), ("tone in silence", silence + tone + silence),
        ] {
            let analysis = analyzer.analyze(samples: samples)
            #expect(analysis.key == nil, "\(name)")
            #expect(analysis.keyUnavailableReason == .tooShort, "\(name)")
        }
    }

    @Test("a chromagram shorter than two seconds is too short; the same progression over 3.7 s has a key")
    func chromagramLength() {
        let key = MusicalKey(tonic: 7, mode: .major)
        let short = SyntheticChroma.chromagram(of: key, framesPerChord: 10)  // 80 frames × 512 / 22050 = 1.86 s
        #expect(KeyEstimator().analyze(chromagram: short) == .failure(.tooShort))
        let long = SyntheticChroma.chromagram(of: key)  // 160 frames: 3.7 s
        #expect((try? KeyEstimator().analyze(chromagram: long).get())?.key == key)
    }

    @Test("the chance levels of key clarity are those of random chroma vectors")
    func chanceLevels() {
        // The best of the 24 profile correlations of random 12-vectors (uniform), as TonalityMeasure assumes.
        let estimator = KeyEstimator()
        let noise = TestSignals.noise(count: 12 * 4000, amplitude: 1, seed: 99)
        var best: [Double] = []
        for v in 0..<4000 {
            let chroma = (0..<12).map { Double(noise[v * 12 + $0]) + 1 }
            best.append(estimator.correlations(chroma).map(\.score).max() ?? 0)
        }
        best.sort()
        #expect(abs(best[200] - TonalityMeasure.chanceClarity5th) < 0.03, "5th percentile \(best[200])")
        #expect(abs(best[2000] - TonalityMeasure.chanceClarityMedian) < 0.03, "median \(best[2000])")
    }

    @Test("chroma variation: √(12/k − 1) for k equal pitch classes; a key needs three or more")
    func variation() {
        for k in 1...12 {
            let chroma = (0..<12).map { $0 < k ? 1.0 : 0 }
            #expect(abs(TonalityMeasure.variation(chroma) - (12.0 / Double(k) - 1).squareRoot()) < 1e-9)
        }
        let triad = (0..<12).map { [0, 4, 7].contains($0) ? 1.0 : 0 }
        #expect(TonalityMeasure().holdsKey(keyClarity: 0.8, meanChroma: triad))
        let fifth = (0..<12).map { [0, 7].contains($0) ? 1.0 : 0 }
        #expect(!TonalityMeasure().holdsKey(keyClarity: 0.8, meanChroma: fifth))
        #expect(!TonalityMeasure().holdsKey(keyClarity: 0.3, meanChroma: triad))
    }

    @Test("key clarity below chance means no key only when the chroma also changes at random")
    func clarityNeedsRandomChroma() {
        let triad = (0..<12).map { [0, 4, 7].contains($0) ? 1.0 : 0 }
        // Held notes that fit no major or minor profile (a chromatic cluster, a mode the profiles do not
        // know) are pitched and persistent: they get a key at low confidence, not "no tonal content".
        var held = TonalityMeasure()
        let cluster: [Float] = [1, 0.9, 0.8, 0.1, 0.1, 0.1, 0.9, 0.1, 0.1, 0.1, 0.1, 0.1]
        for _ in 0..<10 { held.add(frame: cluster[...], peak: 1, tonalShare: 0.6, weight: 1) }
        #expect(held.persistence >= TonalityMeasure.minimumPersistence)
        #expect(held.holdsKey(keyClarity: 0.2, meanChroma: triad))
        // The same clarity from chroma that jumps frame to frame (drum resonances) is no key.
        var jumping = TonalityMeasure()
        let noise = TestSignals.noise(count: 12 * 200, seed: 5).map { abs($0) + 0.01 }
        for frame in 0..<200 {
            let values = noise[(frame * 12)..<(frame * 12 + 12)]
            jumping.add(frame: values, peak: values.max() ?? 1, tonalShare: 0.6, weight: 1)
        }
        #expect(jumping.persistence < TonalityMeasure.minimumPersistence)
        #expect(!jumping.holdsKey(keyClarity: 0.2, meanChroma: triad))
        #expect(jumping.holdsKey(keyClarity: 0.6, meanChroma: triad))
    }

    @Test("persistence is 1 for a held chord and near 0 for random frames")
    func persistence() {
        var held = TonalityMeasure()
        let chord: [Float] = [1, 0.1, 0.2, 0.1, 0.8, 0.2, 0.1, 0.9, 0.1, 0.2, 0.1, 0.3]
        for _ in 0..<10 { held.add(frame: chord[...], peak: 1, tonalShare: 0.8, weight: 1) }
        #expect(abs(held.persistence - 1) < 1e-9)
        #expect(held.meanTonalShare == 0.8 as Double? || abs((held.meanTonalShare ?? 0) - 0.8) < 1e-6)
        var random = TonalityMeasure()
        let noise = TestSignals.noise(count: 12 * 500, seed: 3).map { abs($0) + 0.01 }
        for frame in 0..<500 {
            let values = noise[(frame * 12)..<(frame * 12 + 12)]
            random.add(frame: values, peak: values.max() ?? 1, tonalShare: nil, weight: 1)
        }
        #expect(abs(random.persistence) < 0.1)
        #expect(random.meanTonalShare == nil)
        #expect(random.confidenceFactor == 1)
    }
}

@Suite("Key: why the report's key is null")
struct KeyUnavailableReportTests {
    @Test("the report says why: 'too short' for a 1-s tone, 'no tonal content found' for noise")
    func reasons() async throws {
        let analyzer = try AudioAnalyzer()
        let short = await analyzer.analyze(samples: TestSignals.sine(frequencyHz: 440, count: 22050), sampleRate: 22050)
        #expect(short.key == nil)
        #expect(short.keyUnavailableReason == "too short")
        let noise = await analyzer.analyze(
            samples: TestSignals.noise(count: 10 * 22050, amplitude: 0.3), sampleRate: 22050)
        #expect(noise.key == nil)
        #expect(noise.keyUnavailableReason == "no tonal content found")
        let triad = await analyzer.analyze(samples: TonalitySignals.triad(seconds: 10), sampleRate: 22050)
        #expect(triad.key?.name == "C major")
        #expect(triad.keyUnavailableReason == nil)
    }
}

@Suite("Key: local windows")
struct LocalKeyWindowTests {
    @Test("windows that all find the global key keep the confidence; a key most windows do not find is lowered")
    func agreement() {
        let estimator = KeyEstimator()
        let cMajor = MusicalKey(tonic: 0, mode: .major)
        let gMajor = MusicalKey(tonic: 7, mode: .major)
        func mean(of key: MusicalKey) -> [Double] {
            let chroma = SyntheticChroma.chromagram(of: key)
            var sum = [Double](repeating: 0, count: 12)
            for frame in 0..<chroma.frameCount {
                for (i, v) in chroma.frame(frame).enumerated() { sum[i] += Double(v) }
            }
            return sum
        }
        #expect(
            estimator.localAgreementFactor([mean(of: cMajor), mean(of: cMajor), mean(of: cMajor)], key: cMajor) == 1)
        #expect(
            estimator.localAgreementFactor([mean(of: cMajor), mean(of: gMajor)], key: cMajor)
                == KeyEstimator.disagreementFactor)
        #expect(estimator.localAgreementFactor([], key: cMajor) == 1)
    }

    @Test("a window is 8 s of audible frames; a last window of half that counts, a shorter one does not")
    func windows() {
        var windows = LocalKeyWindows(framesPerWindow: 4)
        let frame = [Double](repeating: 1, count: 12)
        for _ in 0..<10 { windows.add(scaledFrame: frame, weight: 1) }
        windows.finish()
        #expect(windows.means.count == 3)
        var short = LocalKeyWindows(framesPerWindow: 4)
        for _ in 0..<5 { short.add(scaledFrame: frame, weight: 1) }
        short.finish()
        #expect(short.means.count == 1)
    }
}
