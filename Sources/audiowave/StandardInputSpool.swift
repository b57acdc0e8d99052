import Foundation

/// `audiowave analyze -`: standard input copied to a temporary file, because both decoders seek (to the
/// excerpt, and to probe a format) and a pipe cannot. The copy is streamed in 1 MiB chunks, so memory stays
/// flat whatever the stream's length; it is refused past ``limitBytes``. The file is named `stdin` in a
/// private temporary folder, which is what its report's `relative_path` says; ``remove()`` deletes both.
struct StandardInputSpool {
    /// The temporary file holding the stream.
    let file: URL
    private let folder: URL

    /// The most a stream may hold: 16 GiB (about 27 hours of 44.1 kHz stereo 16-bit PCM).
    static let limitBytes = 16 << 30

    /// The argument that means standard input.
    static let argument = "-"

    /// Copies standard input (or `input`, for tests) to a new temporary file.
    /// - Throws: ``SpoolError`` naming the reason (nothing on standard input, too large, a write that failed).
    static func make(
        from input: FileHandle = .standardInput, limitBytes: Int = limitBytes
    ) throws
        -> StandardInputSpool
    {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "audiowave-stdin-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
        } catch {
            throw SpoolError(reason: "cannot create a temporary folder: \(error.localizedDescription)")
        }
        let spool = StandardInputSpool(file: folder.appendingPathComponent("stdin"), folder: folder)
        do {
            guard FileManager.default.createFile(atPath: spool.file.path, contents: nil) else {
                throw SpoolError(reason: "cannot create \(spool.file.path)")
            }
            let output = try FileHandle(forWritingTo: spool.file)
            defer { try? output.close() }
            var total = 0
            while let chunk = try input.read(upToCount: 1 << 20), !chunk.isEmpty {
                total += chunk.count
                guard total <= limitBytes else {
                    throw SpoolError(reason: "standard input holds more than \(limitBytes >> 30) GiB")
                }
                try output.write(contentsOf: chunk)
            }
            guard total > 0 else { throw SpoolError(reason: "standard input is empty") }
            try output.synchronize()
        } catch {
            spool.remove()
            if let error = error as? SpoolError { throw error }
            throw SpoolError(reason: "copying standard input failed: \(error.localizedDescription)")
        }
        return spool
    }

    /// Deletes the copy and its folder (best effort).
    func remove() {
        try? FileManager.default.removeItem(at: folder)
    }
}

/// Why `analyze -` could not read standard input.
struct SpoolError: Error, CustomStringConvertible {
    var reason: String
    var description: String { "-: \(reason)" }
}
