import Foundation
import Testing

@testable import AudioWave
@testable import AudioWaveDSP

@Suite("summaries-only feature stream")
struct SummaryFeatureStreamTests {
    /// Feeds `samples` in uneven blocks.
    static func summarized(
        _ samples: [Float], extractor: FeatureExtractor, tuningFrameLimit: Int = 2584, lookaheadFrames: Int = 2584
    ) -> SummarizedFeatures {
        let stream = SummaryFeatureStream(
            extractor: extractor, tuningFrameLimit: tuningFrameLimit, lookaheadFrames: lookaheadFrames)
        var start = 0
        var size = 1
        while start < samples.count {
            let end = min(samples.count, start + size)
            stream.add(samples: Array(samples[start..<end]))
            start = end
            size = size * 3 % 9001 + 1
        }
        return stream.finish()
    }

    static func close(_ a: Double, _ b: Double, relative: Double) -> Bool {
        abs(a - b) <= relative * max(1, abs(a), abs(b))
    }

    static func close(_ a: [Double], _ b: [Double], relative: Double) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { close($0, $1, relative: relative) }
    }

    static func close(_ a: FeatureSummary, _ b: FeatureSummary, relative: Double) -> Bool {
        a.count == b.count
            && close(
                [a.mean, a.std, a.min, a.max, a.median, a.p10, a.p90],
                [b.mean, b.std, b.min, b.max, b.median, b.p10, b.p90], relative: relative)
    }

    /// Every field of two summaries within `relative` (of max(1, |value|)).
    static func close(_ a: FeatureSummaries, _ b: FeatureSummaries, relative: Double) -> [String] {
        var differing: [String] = []
        let scalars: [(String, KeyPath<FeatureSummaries, FeatureSummary>)] = [
            ("centroid", \.centroid), ("bandwidth", \.bandwidth), ("rolloff", \.rolloff), ("flatness", \.flatness),
            ("flux", \.flux), ("rms", \.rms), ("zcr", \.zeroCrossingRate), ("onset", \.onsetStrength),
        ]
        for (name, path) in scalars where !close(a[keyPath: path], b[keyPath: path], relative: relative) {
            differing.append(name)
        }
        let vectors: [(String, KeyPath<FeatureSummaries, [Double]>)] = [
            ("contrast mean", \.contrastMean), ("contrast std", \.contrastStd), ("mfcc mean", \.mfccMean),
            ("mfcc std", \.mfccStd), ("chroma mean", \.chromaMean), ("chroma std", \.chromaStd),
        ]
        for (name, path) in vectors where !close(a[keyPath: path], b[keyPath: path], relative: relative) {
            differing.append(name)
        }
        return differing
    }

    @Test(
        "within the lookahead the stream gives the summaries, onset envelope and chroma of extract(samples:)",
        arguments: [false, true])
    func matchesWholeSignal(harmonicEmphasis: Bool) throws {
        var configuration = FeatureConfiguration()
        configuration.chromaHarmonicEmphasis = harmonicEmphasis
        let extractor = try FeatureExtractor(configuration: configuration)
        let samples = FeatureStreamTests.signal()
        let whole = extractor.extract(samples: samples)
        let streamed = Self.summarized(samples, extractor: extractor)
        #expect(streamed.frameCount == whole.frameCount)
        #expect(streamed.onsetEnvelope == whole.onsetEnvelope)
        #expect(streamed.chroma == whole.chroma.everyFrame(FeatureScope.keyFrameStride))
        #expect(zip(streamed.rms, whole.rms).allSatisfy { abs($0 - $1) <= 1e-6 * max(1, abs($1)) })
        // Both reduce MFCC and contrast columns with the same running moments over the same frame values.
        #expect(streamed.summaries == whole.summaries())
    }

    /// `summarizedFeatures(samples:scope:)` is this stream fed one block, its lookahead and tuning window the
    /// whole signal; fed unevenly with the same windows it must give the same values to the bit.
    @Test(
        "summarizedFeatures is the stream in one block: uneven blocks give identical values",
        arguments: FeatureScope.allCases)
    func oneBlockEqualsUnevenBlocks(scope: FeatureScope) throws {
        let extractor = try FeatureExtractor()
        let quiet = TestSignals.sine(frequencyHz: 440, count: 20000).map { $0 * 1e-5 }
        let samples = quiet + FeatureStreamTests.signal()  // 100 dB step: the clamp floor matters
        let oneBlock = extractor.summarizedFeatures(samples: samples, scope: scope)
        let frames = 1 + samples.count / extractor.configuration.hopLength
        let stream = SummaryFeatureStream(
            extractor: extractor, tuningFrameLimit: frames, lookaheadFrames: frames, scope: scope)
        for start in stride(from: 0, to: samples.count, by: 777) {
            stream.add(samples: Array(samples[start..<min(samples.count, start + 777)]))
        }
        #expect(stream.finish() == oneBlock)
        #expect((oneBlock.summaries == nil) == (scope != .all))
    }

    /// Tempo reads the onset envelope and the key the chroma: the scopes that compute one of them must
    /// compute it exactly as the scope that computes both, so an analysis that ends on the excerpt does not
    /// move the other's result.
    @Test("the onset and chroma scopes give the onset envelope and chroma of the combined scope, to the bit")
    func partialScopesMatchTheCombinedScope() throws {
        let extractor = try FeatureExtractor()
        let samples = FeatureStreamTests.signal()
        let both = extractor.summarizedFeatures(samples: samples, scope: .onsetAndChroma)
        let onset = extractor.summarizedFeatures(samples: samples, scope: .onset)
        let chroma = extractor.summarizedFeatures(samples: samples, scope: .chroma)
        #expect(!both.onsetEnvelope.isEmpty && !both.chroma.values.isEmpty)
        #expect(onset.onsetEnvelope == both.onsetEnvelope && onset.rms == both.rms)
        #expect(onset.chroma.values.isEmpty)
        #expect(chroma.chroma == both.chroma && chroma.rms == both.rms)
        #expect(chroma.onsetEnvelope.isEmpty)
    }

    @Test("covering: the smallest scope that computes what each need does")
    func covering() {
        #expect(FeatureScope.covering([]) == nil)
        #expect(FeatureScope.covering([.onset]) == .onset)
        #expect(FeatureScope.covering([.chroma, .chroma]) == .chroma)
        #expect(FeatureScope.covering([.onset, .chroma]) == .onsetAndChroma)
        #expect(FeatureScope.covering([.chroma, .all, .onset]) == .all)
    }

    @Test("a short lookahead changes nothing when no value lies 80 dB below a later maximum")
    func shortLookaheadWithoutClamp() throws {
        let extractor = try FeatureExtractor()
        let samples = FeatureStreamTests.signal()  // steady noise + sine: nothing is clamped
        let whole = extractor.extract(samples: samples)
        let streamed = Self.summarized(samples, extractor: extractor, lookaheadFrames: 5)
        #expect(streamed.onsetEnvelope == whole.onsetEnvelope)
        #expect(Self.close(try #require(streamed.summaries), whole.summaries(), relative: 1e-6).isEmpty)
    }

    @Test("a signal that gets 100 dB louder after the lookahead is clamped by the running maximum, and stays close")
    func runningClamp() throws {
        let extractor = try FeatureExtractor()
        let quiet = TestSignals.sine(frequencyHz: 440, count: 20000).map { $0 * 1e-5 }
        let loud = FeatureStreamTests.signal()
        let samples = quiet + loud
        let whole = extractor.extract(samples: samples)
        let streamed = Self.summarized(samples, extractor: extractor, lookaheadFrames: 8)
        let exact = Self.summarized(samples, extractor: extractor)
        // With the default lookahead (longer than the signal) the result is exact …
        #expect(exact.onsetEnvelope == whole.onsetEnvelope)
        #expect(Self.close(try #require(exact.summaries), whole.summaries(), relative: 1e-6).isEmpty)
        // … with 8 frames the quiet part's floor is lower, which moves MFCCs of the quiet frames but not the
        // frame-wise scalars, and the onset envelope changes only around the quiet-to-loud step.
        let reference = whole.summaries()
        let reduced = try #require(streamed.summaries)
        #expect(reduced.centroid == reference.centroid && reduced.rms == reference.rms)
        #expect(reduced.mfccMean != reference.mfccMean)
        let changed = zip(streamed.onsetEnvelope, whole.onsetEnvelope).filter { abs($0 - $1) > 1e-4 }.count
        #expect(changed <= 8, "\(changed) onset values differ")
        #expect(streamed.chroma == whole.chroma.everyFrame(FeatureScope.keyFrameStride))
    }

    @Test("empty, tiny and silent streams give finite, empty-or-zero summaries")
    func edgeCases() throws {
        let extractor = try FeatureExtractor()
        let empty = SummaryFeatureStream(extractor: extractor).finish()
        #expect(empty.frameCount == 0 && empty.onsetEnvelope.isEmpty && empty.summaries?.mfccMean.count == 20)
        #expect(empty.summaries == SummarizedFeatures(features: extractor.extract(samples: [])).summaries)
        let tiny: [Float] = [0.5, -0.25, 0.125]
        let streamed = Self.summarized(tiny, extractor: extractor)
        #expect(
            Self.close(try #require(streamed.summaries), extractor.extract(samples: tiny).summaries(), relative: 1e-6)
                .isEmpty)
        let silent = Self.summarized([Float](repeating: 0, count: 5000), extractor: extractor, lookaheadFrames: 2)
        #expect(silent.onsetEnvelope.allSatisfy { $0 == 0 })
        let reduced = try #require(silent.summaries)
        let values = reduced.mfccMean + reduced.contrastStd
        #expect(values.allSatisfy { $0.isFinite })
    }

    /// Pearson correlation of two equally long series.
    static func correlation(_ a: [Float], _ b: [Float]) -> Double {
        let n = Double(min(a.count, b.count))
        guard n > 1 else { return 1 }
        let meanA = a.reduce(0) { $0 + Double($1) } / n
        let meanB = b.reduce(0) { $0 + Double($1) } / n
        var ab = 0.0, aa = 0.0, bb = 0.0
        for (x, y) in zip(a, b) {
            let dx = Double(x) - meanA, dy = Double(y) - meanB
            ab += dx * dy
            aa += dx * dx
            bb += dy * dy
        }
        return aa > 0 && bb > 0 ? ab / (aa * bb).squareRoot() : (aa == bb ? 1 : 0)
    }

    static func recordings() -> [String] {
        var paths = [TestAudio.fixture("formats/song_d_major_120bpm.wav")]
        if let evalDev = TestAudio.evalDev {
            let folder = evalDev.appendingPathComponent("audio")
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
            // One recording of each collection (drums, folk tunes, piano).
            for prefix in ["gmd", "nottingham", "pianomidi"] {
                if let name = names.first(where: { $0.hasPrefix(prefix) }) {
                    paths.append(folder.appendingPathComponent(name).path)
                }
            }
        }
        return paths
    }

    @Test(
        "on recordings the stream matches extract(samples:); with a 64-frame lookahead the onset envelope stays correlated",
        arguments: recordings())
    func realRecording(path: String) throws {
        let extractor = try FeatureExtractor()
        let options = DecodingOptions(excerpt: Excerpt(startSeconds: 0, durationSeconds: 6))
        let samples = try AudioDecoder.decodeMono(path: path, options: options).samples
        let whole = extractor.extract(samples: samples)
        let exact = Self.summarized(samples, extractor: extractor)
        #expect(
            exact.onsetEnvelope == whole.onsetEnvelope
                && exact.chroma == whole.chroma.everyFrame(FeatureScope.keyFrameStride))
        let differing = Self.close(try #require(exact.summaries), whole.summaries(), relative: 1e-6)
        #expect(differing.isEmpty, "\(differing)")
        // A 1.5 s lookahead puts the rest of the excerpt in the long-file regime, where a frame's floor comes
        // from the maximum up to 64 frames ahead. The envelope stays correlated even on the drum take whose last
        // hit is 32 dB louder than anything before (measured 0.85; the others ≥ 0.99).
        let running = Self.summarized(samples, extractor: extractor, lookaheadFrames: 64)
        let correlation = Self.correlation(running.onsetEnvelope, whole.onsetEnvelope)
        #expect(correlation > 0.8, "\(correlation)")
        #expect(
            running.summaries?.centroid == whole.summaries().centroid
                && running.chroma == whole.chroma.everyFrame(FeatureScope.keyFrameStride))
    }
}
