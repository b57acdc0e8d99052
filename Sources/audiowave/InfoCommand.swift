import ArgumentParser
import AudioWave
import Foundation

/// `audiowave info FILE...`: probe files and print their header facts.
struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Print container, encoding, sample rate, channels, frames and duration of audio files.",
        discussion: "Folders are scanned recursively for audio files. Exit status 1 when any file could not be probed."
    )

    @Argument(help: "Audio files or folders.")
    var paths: [String]

    @Flag(help: "Print one JSON object per file (JSON lines) instead of a table.")
    var json = false

    /// Each argument as given; folders expanded by the library's scanner (recursive, sorted, no hidden
    /// files), their files shown under the folder as typed. Returns (path to probe, name to show).
    static func expand(_ paths: [String]) -> [(String, String)] {
        var files: [(String, String)] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                let prefix = path.hasSuffix("/") ? path : path + "/"
                files += FileScanner().scan([path]).files.map { ($0.url.path, prefix + $0.relativePath) }
            } else {
                files.append((path, path))
            }
        }
        return files
    }

    func run() throws {
        let files = Self.expand(paths)
        var failures = 0
        var rows: [[String]] = []
        let encoder = ReportJSON.makeEncoder()
        for (path, file) in files {
            let probed = Result { () throws(AudioError) in try AudioDecoder.probe(path: path) }
                .mapError { error in
                    var named = error
                    named.path = file  // name the file as the user gave it
                    return named
                }
            if case .failure = probed { failures += 1 }
            if json {
                let record: InfoRecord
                switch probed {
                case .success(let properties):
                    record = InfoRecord(
                        path: file, properties: properties, durationSeconds: properties.durationSeconds, error: nil)
                case .failure(let error):
                    record = InfoRecord(path: file, properties: nil, durationSeconds: nil, error: InfoError(error))
                }
                print(String(decoding: try encoder.encode(record), as: UTF8.self))
                continue
            }
            switch probed {
            case .success(let properties):
                rows.append([
                    file, properties.container, properties.encoding, "\(properties.sampleRate)",
                    "\(properties.channelCount)", "\(properties.frameCount)",
                    String(format: "%.3f", properties.durationSeconds),
                ])
            case .failure(let error):
                rows.append([file, "error", "\(error.code.rawValue): \(error.reason)", "", "", "", ""])
            }
        }
        if !json {
            print(
                TextTable.render(
                    header: ["path", "format", "encoding", "rate", "channels", "frames", "duration_s"], rows: rows))
        }
        if failures > 0 { throw ExitCode(1) }
    }
}

private struct InfoRecord: Encodable {
    var path: String
    var properties: AudioProperties?
    var durationSeconds: Double?
    var error: InfoError?

    enum CodingKeys: String, CodingKey {
        case path, properties, error
        case durationSeconds = "duration_s"
    }
}

private struct InfoError: Encodable {
    var code: String
    var message: String
    init(_ error: AudioError) {
        code = error.code.rawValue
        message = error.description
    }
}
