import Foundation
import Testing

@testable import AudioWave
@testable import AudioWaveIO

@Suite("Absurd sample rates are refused before any allocation")
struct AbsurdRateTests {
    /// A canonical 16-bit mono WAV of `frames` frames whose header claims `rate` Hz.
    static func wav(rate: UInt32, frames: Int) -> Data {
        func le32(_ v: UInt32) -> [UInt8] { withUnsafeBytes(of: v.littleEndian, Array.init) }
        func le16(_ v: UInt16) -> [UInt8] { withUnsafeBytes(of: v.littleEndian, Array.init) }
        let dataBytes = UInt32(frames * 2)
        var bytes: [UInt8] = Array("RIFF".utf8) + le32(36 + dataBytes) + Array("WAVEfmt ".utf8) + le32(16)
        bytes += le16(1) + le16(1) + le32(rate) + le32(rate * 2) + le16(2) + le16(16)
        bytes += Array("data".utf8) + le32(dataBytes)
        bytes += (0..<frames).flatMap { le16(UInt16(bitPattern: Int16(truncatingIfNeeded: ($0 % 200) * 100))) }
        return Data(bytes)
    }

    @Test("an 88 KB WAV claiming 1 Hz is an invalid header, not a 15 GB resampling", arguments: [1, 999] as [UInt32])
    func tinyRate(rate: UInt32) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let url = directory.url.appendingPathComponent("one-hertz.wav")
        try Self.wav(rate: rate, frames: 44_000).write(to: url)
        #expect(throws: AudioError.self) { try AudioDecoder.probe(path: url.path) }
        do {
            _ = try AudioDecoder.decodeMono(path: url.path)
            Issue.record("decoded")
        } catch {
            #expect(error.code == .invalidHeader && error.reason.contains("\(rate) Hz"), "\(error)")
        }
    }

    @Test("the lowest accepted rate still decodes")
    func lowestRate() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let url = directory.url.appendingPathComponent("khz.wav")
        try Self.wav(rate: UInt32(AudioDecoder.minimumSampleRate), frames: 4000).write(to: url)
        let decoded = try AudioDecoder.decodeMono(path: url.path)
        #expect(abs(decoded.samples.count - 4 * 22050) <= 2)
    }
}
