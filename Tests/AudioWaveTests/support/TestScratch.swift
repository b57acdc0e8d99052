import Foundation

/// Where tests write files: one folder per test process under the system temporary directory, removed when the
/// process exits, so that a test which forgets its own clean-up (or fails before it) leaves nothing behind.
enum TestScratch {
    /// `audiowave-tests-<pid>-<uuid>` in the temporary directory.
    static let root = FileManager.default.temporaryDirectory.appendingPathComponent(
        "audiowave-tests-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)", isDirectory: true)

    /// Registers the removal of ``root`` at exit, once.
    private static let removedAtExit: Bool = {
        atexit { try? FileManager.default.removeItem(at: TestScratch.root) }
        return true
    }()

    /// A fresh, empty directory under ``root``.
    static func directory() throws -> URL {
        _ = removedAtExit
        let url = root.appendingPathComponent(UUID().uuidString, isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
