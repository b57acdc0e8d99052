import AudioWave
import Foundation

/// Shared helpers for AudioWave tests: where the fixtures are, and a WAV writer for crafted files.
enum TestAudio {
    /// The package root, found from this file's path.
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `fixtures/` in the package root.
    static let fixtures = packageRoot.appendingPathComponent("fixtures")

    /// `../shared/eval-dev` beside the package, when present.
    static var evalDev: URL? {
        let url = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/eval-dev")
        return FileManager.default.fileExists(atPath: url.appendingPathComponent("truth.csv").path) ? url : nil
    }

    /// Absolute path of a fixture, e.g. `fixture("tempo/click_120bpm.wav")`.
    static func fixture(_ relativePath: String) -> String {
        fixtures.appendingPathComponent(relativePath).path
    }

    /// The bytes of a fixture, e.g. `fixtureData("formats/song_d_major_120bpm.ogg")`, to cut or join.
    static func fixtureData(_ relativePath: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: fixture(relativePath)))
    }

    /// A fresh temporary directory for one test (under ``TestScratch/root``, removed when the tests exit).
    static func temporaryDirectory() throws -> URL {
        try TestScratch.directory()
    }

    /// A sine of `frequencyHz` at `sampleRate`, `seconds` long, amplitude `amplitude`.
    static func sine(frequencyHz: Double, sampleRate: Int, seconds: Double, amplitude: Float = 0.5) -> [Float] {
        let count = Int(seconds * Double(sampleRate))
        return (0..<count).map { amplitude * Float(sin(2 * Double.pi * frequencyHz * Double($0) / Double(sampleRate))) }
    }

    /// Sample encodings the WAV writer can produce.
    enum Encoding { case pcm16, float32 }

    /// A fixture decoded at its own rate and repeated `times` times end to end (mono), for long inputs.
    static func looped(_ fixturePath: String, times: Int) throws -> (samples: [Float], sampleRate: Int) {
        let decoded = try AudioDecoder.decodeMono(path: fixture(fixturePath), options: DecodingOptions(sampleRate: nil))
        var samples: [Float] = []
        samples.reserveCapacity(decoded.samples.count * times)
        for _ in 0..<times { samples += decoded.samples }
        return (samples, decoded.sampleRate)
    }

    /// Writes interleaved samples as a canonical WAV file. `headerSampleRate` and `headerChannels`
    /// override what the header declares, to craft absurd headers.
    @discardableResult
    static func writeWAV(
        _ interleaved: [Float], sampleRate: Int, channels: Int = 1, encoding: Encoding = .pcm16, to url: URL,
        headerSampleRate: UInt32? = nil, headerChannels: UInt16? = nil
    ) throws -> String {
        let bytesPerSample = encoding == .pcm16 ? 2 : 4
        var data = Data()
        func append<T: FixedWidthInteger>(_ value: T) {
            withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) }
        }
        let payload = interleaved.count * bytesPerSample
        let declaredChannels = headerChannels ?? UInt16(channels)
        let declaredRate = headerSampleRate ?? UInt32(sampleRate)
        data.append(contentsOf: Array("RIFF".utf8)); append(UInt32(36 + payload))
        data.append(contentsOf: Array("WAVE".utf8)); data.append(contentsOf: Array("fmt ".utf8)); append(UInt32(16))
        append(UInt16(encoding == .pcm16 ? 1 : 3)); append(declaredChannels); append(declaredRate)
        append(UInt32(declaredRate) &* UInt32(declaredChannels) &* UInt32(bytesPerSample))
        append(UInt16(Int(declaredChannels) * bytesPerSample)); append(UInt16(bytesPerSample * 8))
        data.append(contentsOf: Array("data".utf8)); append(UInt32(payload))
        for sample in interleaved {
            switch encoding {
            case .pcm16: append(Int16(max(-1, min(1, sample)) * 32767))
            case .float32: append(sample.bitPattern)
            }
        }
        try data.write(to: url)
        return url.path
    }

    /// Frequency of a (mono, clean) periodic signal from its rising zero crossings, interpolated.
    static func zeroCrossingFrequency(_ samples: [Float], sampleRate: Int) -> Double {
        var crossings: [Double] = []
        for i in 1..<samples.count where samples[i - 1] < 0 && samples[i] >= 0 {
            let fraction = Double(-samples[i - 1]) / Double(samples[i] - samples[i - 1])
            crossings.append(Double(i - 1) + fraction)
        }
        guard let first = crossings.first, let last = crossings.last, crossings.count > 1 else { return 0 }
        return Double(crossings.count - 1) / ((last - first) / Double(sampleRate))
    }
}
