import AudioWaveReport
import Foundation

/// An audio file found by ``FileScanner``.
public struct ScannedFile: Sendable, Hashable {
    /// The file's path as reached from the root (symbolic links not resolved).
    public var url: URL
    /// The path relative to ``root``, `/`-separated: the key of reports, resume, shards and merge.
    public var relativePath: String
    /// The folder the file was found under (for a file given directly: its parent folder).
    public var root: URL

    /// Creates a scanned file.
    public init(url: URL, relativePath: String, root: URL) {
        self.url = url
        self.relativePath = relativePath
        self.root = root
    }
}

/// Something the scanner could not look at; it never stops the scan.
public struct ScanProblem: Sendable, Hashable, CustomStringConvertible {
    /// The path as given or reached.
    public var path: String
    /// The path relative to its root (the name itself for a path given directly).
    public var relativePath: String
    /// `not_found` (missing path, broken link), `permission_denied` or `unreadable`.
    public var code: ReportErrorCode
    /// True when the problem is a folder that could not be listed (its files are unknown), false
    /// for a single file (which deserves a `failed` record).
    public var isDirectory: Bool
    /// A log-friendly message naming the path.
    public var message: String

    /// Creates a problem record.
    public init(path: String, relativePath: String, code: ReportErrorCode, isDirectory: Bool, message: String) {
        self.path = path
        self.relativePath = relativePath
        self.code = code
        self.isDirectory = isDirectory
        self.message = message
    }

    /// The message.
    public var description: String { message }
}

/// The outcome of a scan: files in a deterministic order, and what could not be scanned.
public struct ScanResult: Sendable, Hashable {
    /// Audio files: roots in the order given, each root's files sorted by relative path (bytewise).
    public var files: [ScannedFile]
    /// Paths that could not be scanned, in the order met.
    public var problems: [ScanProblem]

    /// Creates a scan result.
    public init(files: [ScannedFile], problems: [ScanProblem]) {
        self.files = files
        self.problems = problems
    }

    /// Relative paths found under more than one root (their records would collide), sorted.
    public var duplicateRelativePaths: [String] {
        var seen = Set<String>()
        var duplicates = Set<String>()
        for file in files where !seen.insert(file.relativePath).inserted { duplicates.insert(file.relativePath) }
        return duplicates.sorted(by: PathOrder.precedes)
    }
}

/// Finds the audio files under a list of paths, the way `audiowave analyze PATH...` does.
///
/// - A path naming a file is taken as is (whatever its extension: the user asked for it), with
///   its name as relative path.
/// - A folder is scanned recursively; files are kept when their extension (case-insensitive) is
///   one libsndfile reads (``defaultExtensions``); names starting with `.` are skipped, files
///   and folders alike.
/// - Symbolic links are followed; each folder is entered once, identified by (device, inode), so
///   link loops and a folder linked twice are scanned once.
/// - Relative paths are sorted by their UTF-8 bytes: the same order on every machine.
public struct FileScanner: Sendable {
    /// The extensions libsndfile reads: `wav wave aif aiff aifc flac ogg oga opus mp3 au snd caf w64 rf64`.
    public static let defaultExtensions: Set<String> = [
        "wav", "wave", "aif", "aiff", "aifc", "flac", "ogg", "oga", "opus", "mp3", "au", "snd", "caf",
        "w64", "rf64",
    ]

    /// Lowercased extensions to keep when scanning folders.
    public var extensions: Set<String>
    /// Scan names starting with `.` too (default false).
    public var includesHidden: Bool

    /// Creates a scanner.
    /// - Parameters:
    ///   - extensions: Extensions to keep (any case), without the dot.
    ///   - includesHidden: Also scan dot-files and dot-folders.
    public init(extensions: Set<String> = FileScanner.defaultExtensions, includesHidden: Bool = false) {
        self.extensions = Set(extensions.map { $0.lowercased() })
        self.includesHidden = includesHidden
    }

    /// Scans files and folders.
    /// - Parameter paths: Files or folders, absolute or relative to the current directory.
    /// - Returns: The files found and the problems met; never throws, one bad path never stops it.
    public func scan(_ paths: [String]) -> ScanResult {
        var result = ScanResult(files: [], problems: [])
        var visited = Set<FileStatus.Identity>()
        for path in paths {
            let url = URL(fileURLWithPath: path).standardizedFileURL
            switch FileStatus.of(url.path) {
            case .failure(let error):
                result.problems.append(problem(url.path, url.lastPathComponent, error.code, isDirectory: false))
            case .success(let status) where status.kind == .directory:
                var found: [ScannedFile] = []
                walk(url, relative: "", root: url, status: status, visited: &visited, into: &found, &result.problems)
                result.files += found.sorted { PathOrder.precedes($0.relativePath, $1.relativePath) }
            case .success:
                let root = url.deletingLastPathComponent()
                result.files.append(ScannedFile(url: url, relativePath: url.lastPathComponent, root: root))
            }
        }
        return result
    }

    /// Whether a file name has one of the kept extensions.
    public func isAudioFileName(_ name: String) -> Bool {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return false }
        return extensions.contains(name[name.index(after: dot)...].lowercased())
    }

    private func walk(
        _ directory: URL, relative: String, root: URL, status: FileStatus,
        visited: inout Set<FileStatus.Identity>, into found: inout [ScannedFile], _ problems: inout [ScanProblem]
    ) {
        guard visited.insert(status.identity).inserted else { return }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            let code = (error as? CocoaError)?.code == .fileReadNoPermission ? POSIXErrorCode.EACCES : .EIO
            problems.append(problem(directory.path, relative.isEmpty ? "." : relative, code, isDirectory: true))
            return
        }
        for name in names.sorted(by: PathOrder.precedes) where includesHidden || !name.hasPrefix(".") {
            let child = directory.appendingPathComponent(name)
            let childRelative = relative.isEmpty ? name : relative + "/" + name
            switch FileStatus.of(child.path) {
            case .failure(let error):
                if isAudioFileName(name) {
                    problems.append(problem(child.path, childRelative, error.code, isDirectory: false))
                }
            case .success(let childStatus) where childStatus.kind == .directory:
                walk(
                    child, relative: childRelative, root: root, status: childStatus, visited: &visited,
                    into: &found, &problems)
            case .success(let childStatus) where childStatus.kind == .regular:
                if isAudioFileName(name) {
                    found.append(ScannedFile(url: child, relativePath: childRelative, root: root))
                }
            case .success:
                continue
            }
        }
    }

    private func problem(_ path: String, _ relative: String, _ code: POSIXErrorCode, isDirectory: Bool) -> ScanProblem {
        ScanProblem(
            path: path, relativePath: relative, code: FileStatus.errorCode(for: code), isDirectory: isDirectory,
            message: "\(relative): \(FileStatus.message(for: code))")
    }
}
