import Foundation

/// Runs the built `audiowave` executable and captures what it prints.
enum CLIRunner {
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The package root, found from this file's path.
    static let packageRoot = TestAudio.packageRoot

    /// The folder holding the built products (`.build/debug` under `swift test`).
    static var productsDirectory: URL {
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            return bundle.bundleURL.deletingLastPathComponent()
        }
        return Bundle.main.bundleURL
    }

    /// Runs `audiowave arguments…` in `directory` (default: the package root) and waits for it.
    static func run(
        _ arguments: [String], environment: [String: String] = [:], directory: URL = packageRoot
    ) throws -> Output {
        let process = Process()
        process.executableURL = productsDirectory.appendingPathComponent("audiowave")
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }
}

extension CLIRunner {
    /// Copies fixtures (relative to `fixtures/`) into a fresh folder, keeping their subfolders.
    static func fixtureFolder(_ relativePaths: [String]) throws -> URL {
        let root = try TestAudio.temporaryDirectory().appendingPathComponent("input")
        for path in relativePaths {
            let target = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: TestAudio.fixtures.appendingPathComponent(path), to: target)
        }
        return root
    }

    /// A small mixed batch: clear music, a click track, silence and two broken files.
    static let smallBatch = [
        "key/chords_c_major_120bpm.wav", "key/chords_a_minor_100bpm.wav", "tempo/click_120bpm.wav",
        "silence/silence_3s.wav", "bad/empty.wav", "bad/truncated.wav",
    ]

    /// The JSON objects of a JSONL file, keyed by `relative_path` (a doubled path fails the caller's count check).
    static func records(inJSONL url: URL) throws -> [[String: Any]] {
        let text = try String(contentsOf: url, encoding: .utf8)
        return try text.split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] ?? [:]
        }
    }
}
