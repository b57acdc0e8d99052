import Foundation

/// A fresh directory under ``TestScratch/root``, removed by ``remove()`` (and with the root when the tests exit).
struct TemporaryDirectory {
    let url: URL

    init() throws {
        url = try TestScratch.directory()
    }

    /// A URL inside the directory.
    func file(_ relativePath: String) -> URL {
        url.appendingPathComponent(relativePath)
    }

    /// Writes text to a relative path, creating parent directories.
    @discardableResult
    func write(_ text: String, to relativePath: String) throws -> URL {
        let target = file(relativePath)
        try FileManager.default.createDirectory(
            at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: target)
        return target
    }

    /// Writes bytes to a relative path (whose folder must exist) and returns its URL.
    @discardableResult
    func write(_ data: Data, to relativePath: String) throws -> URL {
        let target = file(relativePath)
        try data.write(to: target)
        return target
    }

    /// The text of a file inside the directory.
    func read(_ relativePath: String) throws -> String {
        String(decoding: try Data(contentsOf: file(relativePath)), as: UTF8.self)
    }

    func remove() {
        try? FileManager.default.removeItem(at: url)
    }
}
