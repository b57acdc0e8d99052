import ArgumentParser
import AudioWave
import AudioWavePaths
import Foundation

/// `audiowave info FILE...`: probe files and print their header facts.
struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Print container, decoder, encoding, sample rate, channels, frames and duration of audio files.",
        discussion: "Folders are scanned recursively for audio files. Exit status 1 when any file could not be probed."
    )

    @Argument(help: "Audio files or folders.", completion: .file())
    var paths: [String]

    @Flag(help: "Print one JSON object per file (JSON lines) instead of a table.")
    var json = false

    /// What `info` shows for one path: a file to probe, or what the scan found wrong with a path.
    enum Entry {
        /// A file to probe (its exact path) and the name shown.
        case probe(path: String, shown: String)
        /// A path the scan could not hand over (a file it cannot reach, a folder it cannot list, a FIFO
        /// or device named like audio): its name and the error shown.
        case unreachable(shown: String, error: AudioError)
    }

    /// Each argument as given; folders expanded by the library's scanner (recursive, sorted, no hidden
    /// files), their files shown under the folder as typed. Everything the scan met gets a row: its
    /// problems and skips too. Names that are not UTF-8 are shown with `\xHH` for those bytes.
    static func expand(_ paths: [String]) -> [Entry] {
        var entries: [Entry] = []
        for path in paths {
            let shownPath = FileSystemPath.display(path)
            guard case .success(let status) = FileSystemPath.status(of: path), status.kind == .directory else {
                entries.append(.probe(path: path, shown: shownPath))
                continue
            }
            let prefix = shownPath.hasSuffix("/") ? shownPath : shownPath + "/"
            let scan = FileScanner().scan([path])
            let files = scan.files.map {
                (prefix + $0.relativePath, Entry.probe(path: $0.path, shown: prefix + $0.relativePath))
            }
            let others = (scan.problems + scan.skipped).map { problem in
                let shown = problem.relativePath == "." ? shownPath : prefix + problem.relativePath
                let reason =
                    problem.message.hasPrefix(problem.relativePath + ": ")
                    ? String(problem.message.dropFirst(problem.relativePath.count + 2)) : problem.message
                let code = AudioError.Code(rawValue: problem.code.rawValue) ?? .unreadable
                return (shown, Entry.unreachable(shown: shown, error: AudioError(code, path: shown, reason: reason)))
            }
            entries += (files + others).sorted { PathOrder.precedes($0.0, $1.0) }.map(\.1)
        }
        return entries
    }

    func run() throws {
        var failures = 0
        var rows: [[String]] = []
        let encoder = ReportJSON.makeEncoder()
        for entry in Self.expand(paths) {
            let file: String
            let probed: Result<AudioProperties, AudioError>
            switch entry {
            case .probe(let path, let shown):
                file = shown
                probed = Result { () throws(AudioError) in try AudioDecoder.probe(path: path) }
                    .mapError { error in
                        var named = error
                        named.path = shown  // name the file as the user gave it
                        return named
                    }
            case .unreachable(let shown, let error):
                file = shown
                probed = .failure(error)
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
                    file, properties.container, properties.decoder?.rawValue ?? "", properties.encoding,
                    "\(properties.sampleRate)",
                    "\(properties.channelCount)", "\(properties.frameCount)",
                    String(format: "%.3f", properties.durationSeconds),
                ])
            case .failure(let error):
                rows.append([file, "error", "", "\(error.code.rawValue): \(error.reason)", "", "", "", ""])
            }
        }
        if !json {
            print(
                TextTable.render(
                    header: ["path", "format", "decoder", "encoding", "rate", "channels", "frames", "duration_s"],
                    rows: rows))
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
