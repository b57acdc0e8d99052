import Foundation
import Hummingbird

/// The configured root: turns a relative path from a request into a file inside it, or refuses.
///
/// Refused: an empty or absolute path, a NUL byte (400); a `..` component, or a path that leaves the root
/// through a symbolic link (403); a path that does not exist (404) or is not a regular file (400).
public struct RootFolder: Sendable {
    /// The root with its symbolic links resolved.
    public let path: String

    public init(_ root: String) {
        path = URL(fileURLWithPath: root).standardizedFileURL.resolvingSymlinksInPath().path
    }

    /// The real path of `relative` under the root.
    /// - Throws: ``IngestError`` as above.
    public func resolve(_ relative: String) throws(IngestError) -> String {
        guard !relative.isEmpty else { throw IngestError(.badRequest, code: "invalid_path", "The path is empty.") }
        guard !relative.contains("\0") else {
            throw IngestError(.badRequest, code: "invalid_path", "The path contains a NUL byte.")
        }
        guard !relative.hasPrefix("/") else {
            throw IngestError(.badRequest, code: "absolute_path", "The path must be relative to the root folder.")
        }
        guard !relative.split(separator: "/").contains("..") else {
            throw IngestError(.forbidden, code: "outside_root", "The path leaves the root folder.")
        }
        let joined = path + "/" + relative
        guard FileManager.default.fileExists(atPath: joined) else {
            throw IngestError(.notFound, code: "not_found", "No such file under the root folder: \(relative)")
        }
        let real = URL(fileURLWithPath: joined).resolvingSymlinksInPath().path
        guard real.hasPrefix(path == "/" ? "/" : path + "/") else {
            throw IngestError(.forbidden, code: "outside_root", "The path leaves the root folder.")
        }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: real, isDirectory: &isFolder), !isFolder.boolValue else {
            throw IngestError(.badRequest, code: "not_a_file", "Not a file: \(relative)")
        }
        return real
    }
}
