import Foundation
import Testing

/// Reads tags and audio payloads without TagLib, to check what `TagWriter` wrote: ffprobe (FFmpeg), Python's
/// mutagen, and the raw bytes of an MP4's `tmpo` atom and `mdat` box.
enum IndependentTagReader {
    /// An executable on the PATH, if any.
    static func executable(_ name: String) -> String? {
        (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
            .split(separator: ":").map { "\($0)/\(name)" }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static let ffprobe = executable("ffprobe")
    static let ffmpeg = executable("ffmpeg")
    static let python3 = executable("python3")

    /// Whether python3 can import mutagen (`pip install mutagen`).
    static let hasMutagen: Bool = {
        guard let python3 else { return false }
        return (try? run(python3, ["-c", "import mutagen"]).status) == 0
    }()

    /// Runs a program and returns its exit status and standard output.
    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: Data) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, data)
    }

    /// The container's and the streams' tags as ffprobe reads them, keys upper-cased (`TBPM`, `BPM`, `INITIALKEY`,
    /// `TITLE`); the container's win.
    static func ffprobeTags(_ path: String) throws -> [String: String] {
        let ffprobe = try #require(ffprobe)
        let (status, data) = try run(
            ffprobe, ["-v", "error", "-show_entries", "format_tags:stream_tags", "-of", "json", path])
        #expect(status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        var tags: [String: String] = [:]
        for stream in json["streams"] as? [[String: Any]] ?? [] {
            for (key, value) in stream["tags"] as? [String: String] ?? [:] { tags[key.uppercased()] = value }
        }
        let format = json["format"] as? [String: Any]
        for (key, value) in format?["tags"] as? [String: String] ?? [:] { tags[key.uppercased()] = value }
        return tags
    }

    /// The MD5 of every audio packet, as stored (FFmpeg's stream copy): equal before and after only when the
    /// audio's bytes are.
    static func audioPacketsMD5(_ path: String) throws -> String {
        let ffmpeg = try #require(ffmpeg)
        let (status, data) = try run(
            ffmpeg, ["-v", "error", "-i", path, "-map", "0:a", "-c", "copy", "-f", "md5", "-"])
        #expect(status == 0)
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The tags as mutagen reads them: `{"TBPM": ["128"]}` (ID3), `{"bpm": ["128"]}` (Vorbis),
    /// `{"tmpo": ["128"], "----:com.apple.iTunes:initialkey": ["F#m"]}` (MP4); every value as text.
    static func mutagenTags(_ path: String) throws -> [String: [String]] {
        let python3 = try #require(python3)
        let script = """
            import json, sys, mutagen
            tags = mutagen.File(sys.argv[1]).tags or {}
            def text(value):
                if isinstance(value, bytes): return value.decode()
                if hasattr(value, "text"): return [text(item) for item in value.text]
                if isinstance(value, list): return [text(item) for item in value]
                return str(value)
            out = {}
            for key, value in tags.items():
                value = text(value)
                out[key] = value if isinstance(value, list) else [value]
            print(json.dumps(out))
            """
        let (status, data) = try run(python3, ["-c", script, path])
        #expect(status == 0)
        return try JSONDecoder().decode([String: [String]].self, from: data)
    }

    /// The integer in an MP4's `tmpo` atom (`tmpo` → `data` box: 4 bytes type, 4 bytes locale, a big-endian
    /// 16-bit value), nil when the file has none.
    static func mp4Tempo(_ bytes: Data) -> Int? {
        let data = [UInt8](bytes)
        let tmpo = Array("tmpo".utf8)
        guard let start = (0..<(data.count - 4)).first(where: { Array(data[$0..<$0 + 4]) == tmpo }) else { return nil }
        // tmpo's data box: size (4), "data" (4), type (4), locale (4), value.
        let value = start + 4 + 16
        guard value + 2 <= data.count, Array(data[start + 8..<start + 12]) == Array("data".utf8) else { return nil }
        return Int(data[value]) << 8 | Int(data[value + 1])
    }

    /// The payload of an MP4's top-level `mdat` box: the audio, which tagging must leave as it is.
    static func mp4MediaData(_ bytes: Data) -> Data? {
        let data = [UInt8](bytes)
        var offset = 0
        while offset + 8 <= data.count {
            var size = data[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
            var header = 8
            if size == 1, offset + 16 <= data.count {
                size = data[offset + 8..<offset + 16].reduce(0) { $0 << 8 | Int($1) }
                header = 16
            } else if size == 0 {
                size = data.count - offset
            }
            guard size >= header, offset + size <= data.count else { return nil }
            if Array(data[offset + 4..<offset + 8]) == Array("mdat".utf8) {
                return Data(data[offset + header..<offset + size])
            }
            offset += size
        }
        return nil
    }
}
