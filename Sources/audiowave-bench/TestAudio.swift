import AudioWave
import Foundation

/// Long test inputs for the benchmarks, made by repeating a source file (by default the fixtures'
/// 8-second song, 44.1 kHz stereo) into 16-bit PCM WAV files of any length, and by encoding those
/// with `sox` into FLAC, MP3 and Ogg Vorbis. Files go to a scratch folder, never into the repository.
struct TestAudio {
    /// The file that is repeated.
    var sourcePath: String
    /// The folder the generated files are written to.
    var directory: URL

    /// The default source: the fixtures' song, relative to the package root.
    static let defaultSource = "fixtures/formats/song_d_major_120bpm.wav"

    /// A scratch folder under the temporary directory (or `base`), created on demand.
    static func scratchDirectory(base: String?, name: String) throws -> URL {
        let url = URL(fileURLWithPath: base ?? NSTemporaryDirectory())
            .appendingPathComponent("audiowave-bench-\(name)-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes `name.wav` holding `seconds` of the source repeated end to end, at the source's rate
    /// and channel count, unless a file of that name already exists; returns its path.
    func wav(seconds: Double, name: String) throws -> String {
        let url = directory.appendingPathComponent(name + ".wav")
        if FileManager.default.fileExists(atPath: url.path) { return url.path }
        var interleaved: [Float] = []
        let decoded = try AudioDecoder.decodeMono(path: sourcePath, options: DecodingOptions(sampleRate: nil)) {
            block, frames, channels in
            interleaved.append(contentsOf: block[0..<(frames * channels)])
        }
        let channels = decoded.properties.channelCount
        let rate = decoded.properties.sampleRate
        var tile = Data(capacity: interleaved.count * 2)
        for sample in interleaved {
            let value = Int16(clamping: Int((max(-1, min(1, sample)) * 32767).rounded()))
            withUnsafeBytes(of: value.littleEndian) { tile.append(contentsOf: $0) }
        }
        let totalFrames = Int(seconds * Double(rate))
        let dataBytes = totalFrames * channels * 2
        guard !tile.isEmpty, FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw BenchError("cannot create \(url.path) from \(sourcePath)")
        }
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        try handle.write(contentsOf: Self.wavHeader(sampleRate: rate, channels: channels, dataBytes: dataBytes))
        var remaining = dataBytes
        while remaining > 0 {
            let chunk = min(remaining, tile.count)
            try handle.write(contentsOf: tile.prefix(chunk))
            remaining -= chunk
        }
        return url.path
    }

    /// Encodes `wavPath` into `format` (`flac`, `mp3`, `ogg`) with `sox`, unless done before; returns the path.
    func encode(_ wavPath: String, as format: String) throws -> String {
        let output = (wavPath as NSString).deletingPathExtension + "." + format
        if FileManager.default.fileExists(atPath: output) { return output }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        // MP3 as VBR (LAME V2), whose Xing header gives libsndfile an exact frame count; sox's CBR MP3 has
        // none, libsndfile over-estimates its length by ~0.4 s and AudioWave reports the file truncated.
        process.arguments = ["sox", wavPath] + (format == "mp3" ? ["-C", "-2.2"] : []) + [output]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw BenchError("sox could not encode \(wavPath) as \(format) (is sox installed with \(format) support?)")
        }
        return output
    }

    /// A canonical 44-byte RIFF/WAVE header for 16-bit PCM.
    static func wavHeader(sampleRate: Int, channels: Int, dataBytes: Int) -> Data {
        var header = Data()
        func append32(_ value: Int) {
            withUnsafeBytes(of: UInt32(truncatingIfNeeded: value).littleEndian) { header.append(contentsOf: $0) }
        }
        func append16(_ value: Int) {
            withUnsafeBytes(of: UInt16(truncatingIfNeeded: value).littleEndian) { header.append(contentsOf: $0) }
        }
        header.append(contentsOf: Array("RIFF".utf8))
        append32(36 + dataBytes)
        header.append(contentsOf: Array("WAVEfmt ".utf8))
        append32(16)
        append16(1)
        append16(channels)
        append32(sampleRate)
        append32(sampleRate * channels * 2)
        append16(channels * 2)
        append16(16)
        header.append(contentsOf: Array("data".utf8))
        append32(dataBytes)
        return header
    }
}

/// A benchmark setup failure, with a message for the terminal.
struct BenchError: Error, CustomStringConvertible {
    /// What went wrong.
    var description: String
    init(_ description: String) { self.description = description }
}
