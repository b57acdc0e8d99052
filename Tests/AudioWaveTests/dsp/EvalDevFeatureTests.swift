import Foundation
import Testing

@testable import AudioWave
@testable import AudioWaveDSP

/// Features and loudness of real recordings from `../shared/eval-dev` (skipped when that folder is absent).
@Suite("features of real recordings")
struct EvalDevFeatureTests {
    static let audioFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("shared/eval-dev/audio")

    static func firstFiles(_ count: Int) -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: audioFolder.path)) ?? []
        return names.sorted().prefix(count).map { audioFolder.appendingPathComponent($0) }
    }

    @Test(
        "a decoded recording gives finite features, a live onset envelope and a plausible loudness",
        .enabled(if: !firstFiles(1).isEmpty))
    func realRecordings() throws {
        let extractor = try FeatureExtractor()
        for url in Self.firstFiles(1) {
            let properties = try AudioDecoder.probe(path: url.path)
            let meter = try LoudnessMeter(channelCount: properties.channelCount, sampleRate: properties.sampleRate)
            // Ten seconds keep the test fast; loudness is measured on the same native blocks.
            let options = DecodingOptions(excerpt: Excerpt(startSeconds: 0, durationSeconds: 10))
            let excerpt = try AudioDecoder.decodeMono(path: url.path, options: options) { interleaved, frames, _ in
                meter.add(interleaved: interleaved, frameCount: frames)
            }
            let features = extractor.extract(samples: excerpt.samples)
            let values = [
                features.centroid, features.rms, features.mfcc, features.chroma.values,
                features.contrast, features.onsetEnvelope,
            ].joined()
            let finite = values.allSatisfy { $0.isFinite }
            #expect(finite, "\(url.lastPathComponent)")
            #expect((features.onsetEnvelope.max() ?? 0) > 1, "\(url.lastPathComponent)")
            let loudness = meter.result()
            let integrated = try #require(loudness.integratedLUFS)
            #expect(integrated > -60 && integrated < 0, "\(url.lastPathComponent): \(integrated) LUFS")
            #expect((loudness.truePeakDBTP ?? -100) >= (loudness.samplePeakDBFS ?? 0) - 0.01)
        }
    }
}
