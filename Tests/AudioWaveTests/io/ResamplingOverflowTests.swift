import Foundation
import Testing

@testable import AudioWave
@testable import AudioWaveIO

/// Found by `make fuzz` (fuzz/): a 3 KB float WAV at 8000 Hz whose samples reach ±3.3e38, all finite, decoded
/// at 22050 Hz gave infinite samples, which `decodeMono` promises never to return (the filter's overshoot
/// passes the float limit, 3.4e38).
@Suite("Samples near the float limit do not come out of resampling infinite")
struct ResamplingOverflowTests {
    /// 0.1 s at 8000 Hz: silence, a step up to +3.3e38, a step down to −3.3e38, silence. Every value is finite.
    static let nearLimit: [Float] =
        [Float](repeating: 0, count: 300) + [Float](repeating: 3.3e38, count: 100)
        + [Float](repeating: -3.3e38, count: 100) + [Float](repeating: 0, count: 300)

    static func writeFile() throws -> String {
        let directory = try TestAudio.temporaryDirectory()
        return try TestAudio.writeWAV(
            nearLimit, sampleRate: 8000, encoding: .float32, to: directory.appendingPathComponent("near-limit.wav"))
    }

    @Test("a file decoded at 22050 Hz fails with non_finite_samples, saying where and why")
    func fileIsRefused() throws {
        let path = try Self.writeFile()
        do {
            let decoded = try AudioDecoder.decodeMono(path: path, options: DecodingOptions(sampleRate: 22050))
            let infinite = decoded.samples.filter { !$0.isFinite }.count
            Issue.record("decoded \(decoded.samples.count) samples, \(infinite) of them not finite")
        } catch {
            #expect(error.code == .nonFiniteSamples, "\(error)")
            #expect(error.reason.contains("22050 Hz") && error.reason.contains("float limit"), "\(error.reason)")
        }
    }

    @Test("streaming refuses it too, and what it delivered before is finite")
    func streamIsRefused() throws {
        let path = try Self.writeFile()
        var delivered: [Float] = []
        do {
            try AudioDecoder.streamMono(
                path: path, options: DecodingOptions(sampleRate: 22050, blockFrames: 64),
                onSamples: { delivered += $0 })
            Issue.record("streamed \(delivered.count) samples")
        } catch {
            #expect(error.code == .nonFiniteSamples, "\(error)")
        }
        #expect(delivered.allSatisfy { $0.isFinite })
    }

    @Test("at the file's own rate nothing is resampled and the finite samples decode")
    func nativeRateDecodes() throws {
        let decoded = try AudioDecoder.decodeMono(path: try Self.writeFile(), options: DecodingOptions(sampleRate: nil))
        #expect(decoded.samples == Self.nearLimit)
    }

    @Test("in-memory samples resampled for analysis fail the same way")
    func inMemoryIsRefused() {
        #expect(throws: AudioError.self) {
            _ = try InMemoryAudio.prepare(
                Self.nearLimit, sampleRate: 8000, analysisRate: 22050, excerpt: nil, name: "near-limit")
        }
    }
}
