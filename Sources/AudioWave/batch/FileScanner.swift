import AudioWavePaths
import AudioWaveReport
import Foundation

/// An audio file found by ``FileScanner``.
public struct ScannedFile: Sendable, Hashable {
    /// The file's path as reached from the root (symbolic links not resolved), with the exact bytes of
    /// its name: a name that is not UTF-8 is carried losslessly (see ``relativePath`` for the readable
    /// form). Open the file through this path (`AudioAnalyzer.analyze(path:relativePath:)` does).
    public var path: String
    /// The path relative to ``root``, `/`-separated: the key of reports, resume, shards and merge. Bytes
    /// of a name that are not UTF-8 are written `\xHH` (e.g. `caf\xE9.wav`).
    public var relativePath: String
    /// The folder the file was found under (for a file given directly: its parent folder).
    public var root: URL

    /// ``path`` as a file URL.
    public var url: URL {
        get { URL(fileURLWithPath: path) }
        set { path = newValue.path }
    }

    /// Creates a scanned file.
    public init(path: String, relativePath: String, root: URL) {
        self.path = path
        self.relativePath = relativePath
        self.root = root
    }

    /// Creates a scanned file from a URL.
    public init(url: URL, relativePath: String, root: URL) {
        self.init(path: url.path, relativePath: relativePath, root: root)
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
    /// Paths that could not be scanned, in the order met: files (which deserve a `failed` record) and
    /// folders that could not be listed (``ScanProblem/isDirectory``).
    public var problems: [ScanProblem]
    /// Paths met that are neither analysed nor recorded, in the order met: special files named like
    /// audio files (FIFOs, devices, sockets, or links to them: reading one could block or never end) and
    /// entries that cannot even be examined (a broken link, a name `stat` refuses), which might have been
    /// folders of audio. The CLI lists them and counts them in its exit status.
    public var skipped: [ScanProblem]

    /// Creates a scan result.
    public init(files: [ScannedFile], problems: [ScanProblem], skipped: [ScanProblem] = []) {
        self.files = files
        self.problems = problems
        self.skipped = skipped
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
/// - Names are read as bytes (`readdir`), so a name that is not UTF-8 is found and opened; its
///   relative path shows the bytes that are not UTF-8 as `\xHH`. Folders are descended through
///   their descriptors, so a tree deeper than `PATH_MAX` is walked; a file whose path is longer
///   than `PATH_MAX` cannot be opened and becomes a problem (a `failed` record) saying so.
/// - Special files (FIFOs, devices, sockets) are never read: named like audio (or given directly)
///   they are listed in ``ScanResult/skipped``.
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
    /// - Parameter paths: Files or folders, absolute or relative to the current directory (their exact
    ///   bytes as lossless strings, see ``ScannedFile/path``; ordinary strings are their UTF-8).
    /// - Returns: The files found and the problems met; never throws, one bad path never stops it.
    public func scan(_ paths: [String]) -> ScanResult {
        var walk = Walk()
        for given in paths {
            let path = URL(fileURLWithPath: given).standardizedFileURL.path
            let name = FileSystemPath.display(URL(fileURLWithPath: path).lastPathComponent)
            switch FileStatus.of(path) {
            case .failure(let error):
                walk.problems.append(problem(path, name, error, isDirectory: false))
            case .success(let status) where status.kind == .directory:
                walk.visited.insert(status.identity)
                let root = URL(fileURLWithPath: path)
                let first = walk.found.count
                switch OpenDirectory.open(path) {
                case .failure(let error): walk.problems.append(problem(path, ".", error, isDirectory: true))
                case .success(let directory): self.walk(directory, path: path, relative: "", root: root, into: &walk)
                }
                walk.found[first...].sort { PathOrder.precedes($0.relativePath, $1.relativePath) }
            case .success(let status) where status.kind == .regular:
                let root = URL(fileURLWithPath: path).deletingLastPathComponent()
                walk.found.append(ScannedFile(path: path, relativePath: name, root: root))
            case .success(let status):
                walk.skipped.append(special(path, name, status.kind))
            }
        }
        return ScanResult(files: walk.found, problems: walk.problems, skipped: walk.skipped)
    }

    /// Whether a file name has one of the kept extensions.
    public func isAudioFileName(_ name: String) -> Bool {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return false }
        return extensions.contains(name[name.index(after: dot)...].lowercased())
    }

    /// What a scan has gathered so far.
    private struct Walk {
        var visited = Set<FileStatus.Identity>()
        var found: [ScannedFile] = []
        var problems: [ScanProblem] = []
        var skipped: [ScanProblem] = []
    }

    private func walk(_ directory: OpenDirectory, path: String, relative: String, root: URL, into walk: inout Walk) {
        let names: [String]
        switch directory.names() {
        case .failure(let error):
            walk.problems.append(problem(path, relative.isEmpty ? "." : relative, error, isDirectory: true))
            return
        case .success(let listed): names = listed
        }
        for name in names.sorted(by: PathOrder.precedes) where includesHidden || !name.hasPrefix(".") {
            let childPath = path.hasSuffix("/") ? path + name : path + "/" + name
            let shown = FileSystemPath.display(name)
            let childRelative = relative.isEmpty ? shown : relative + "/" + shown
            let isAudio = isAudioFileName(name)
            switch directory.status(ofChild: name).map(FileStatus.init) {
            case .failure(let error):
                if isAudio {
                    walk.problems.append(problem(childPath, childRelative, error, isDirectory: false))
                } else {
                    let reason = FileStatus.message(for: error, path: childPath)
                    walk.skipped.append(
                        ScanProblem(
                            path: FileSystemPath.display(childPath), relativePath: childRelative,
                            code: FileStatus.errorCode(for: error), isDirectory: false,
                            message: "\(childRelative): cannot be examined (\(reason)): skipped"))
                }
            case .success(let status) where status.kind == .directory:
                guard walk.visited.insert(status.identity).inserted else { continue }
                switch directory.open(child: name) {
                case .failure(let error):
                    walk.problems.append(problem(childPath, childRelative, error, isDirectory: true))
                case .success(let child):
                    self.walk(child, path: childPath, relative: childRelative, root: root, into: &walk)
                }
            case .success(let status) where status.kind == .regular:
                guard isAudio else { continue }
                if FileSystemPath.byteCount(childPath) >= FileSystemPath.maximumLength {
                    walk.problems.append(problem(childPath, childRelative, .nameTooLong, isDirectory: false))
                } else {
                    walk.found.append(ScannedFile(path: childPath, relativePath: childRelative, root: root))
                }
            case .success(let status):
                if isAudio { walk.skipped.append(special(childPath, childRelative, status.kind)) }
            }
        }
    }

    private func problem(_ path: String, _ relative: String, _ error: SystemError, isDirectory: Bool) -> ScanProblem {
        ScanProblem(
            path: FileSystemPath.display(path), relativePath: relative, code: FileStatus.errorCode(for: error),
            isDirectory: isDirectory, message: "\(relative): \(FileStatus.message(for: error, path: path))")
    }

    private func special(_ path: String, _ relative: String, _ kind: FileStatus.Kind) -> ScanProblem {
        ScanProblem(
            path: FileSystemPath.display(path), relativePath: relative, code: .unreadable, isDirectory: false,
            message: "\(relative): \(kind == .other ? "" : kind.rawValue + ", ")not a regular file: skipped")
    }
}
