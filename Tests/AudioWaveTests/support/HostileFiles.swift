import Foundation

@testable import AudioWavePaths

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Files Foundation cannot make: names that are not UTF-8, FIFOs, trees deeper than `PATH_MAX`.
enum HostileFiles {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The lossless path string of `directory/name`, for a name given as bytes.
    static func path(in directory: URL, name: [UInt8]) -> String {
        directory.path + "/" + FileSystemPath.string(fromBytes: name)
    }

    /// Copies `source` to `directory/name`, where `name` is raw bytes (e.g. Latin-1); returns the lossless path.
    @discardableResult
    static func copy(_ source: URL, to directory: URL, name: [UInt8]) throws -> String {
        let staging = directory.appendingPathComponent("staging-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: source, to: staging)
        let target = path(in: directory, name: name)
        guard rename(FileSystemPath.cString(staging.path), FileSystemPath.cString(target)) == 0 else {
            throw Failure(description: "rename failed: \(String(cString: strerror(errno)))")
        }
        return target
    }

    /// Makes a FIFO at `url`.
    static func fifo(at url: URL) throws {
        guard mkfifo(url.path, 0o644) == 0 else {
            throw Failure(description: "mkfifo failed: \(String(cString: strerror(errno)))")
        }
    }

    /// Makes folders of 200-byte names, `levels` deep, under `directory` (through descriptors: past
    /// `PATH_MAX` a path cannot be used), and copies `file` into the levels listed in `filesAt` (0-based)
    /// as `x<level>.wav`. Returns the relative path of each copy, keyed by level.
    static func deepTree(
        under directory: URL, levels: Int, file: URL, filesAt: Set<Int>
    ) throws -> [Int: String] {
        let contents = [UInt8](try Data(contentsOf: file))
        var descriptor = open(directory.path, O_RDONLY | O_DIRECTORY)
        guard descriptor >= 0 else { throw Failure(description: "open failed") }
        defer { close(descriptor) }
        let name = String(repeating: "d", count: 200)
        var relative = ""
        var copies: [Int: String] = [:]
        for level in 0..<levels {
            guard mkdirat(descriptor, name, 0o755) == 0 else { throw Failure(description: "mkdirat failed") }
            let next = openat(descriptor, name, O_RDONLY | O_DIRECTORY)
            guard next >= 0 else { throw Failure(description: "openat failed") }
            close(descriptor)
            descriptor = next
            relative += (relative.isEmpty ? "" : "/") + name
            if filesAt.contains(level) {
                let output = openat(descriptor, "x\(level).wav", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
                guard output >= 0 else { throw Failure(description: "openat (file) failed") }
                let written = write(output, contents, contents.count)
                close(output)
                guard written == contents.count else { throw Failure(description: "write failed") }
                copies[level] = relative + "/x\(level).wav"
            }
        }
        return copies
    }

    /// Removes a tree, however deep (`FileManager` stops at `PATH_MAX`).
    static func removeTree(_ url: URL) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/rm")
        process.arguments = ["-rf", url.path]
        guard (try? process.run()) != nil else { return }
        process.waitUntilExit()
    }

    /// Whether this process reads any file whatever its mode (root with `CAP_DAC_OVERRIDE`): a folder
    /// made unreadable with `chmod 000` is then still listed.
    static var readsEverything: Bool { geteuid() == 0 }
}
