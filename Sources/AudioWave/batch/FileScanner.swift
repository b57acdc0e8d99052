import AudioWavePaths
import AudioWaveReport
import Foundation

/// Finds the audio files under a list of paths, the way `audiowave analyze PATH...` does.
///
/// - A path naming a file is taken as is (whatever its extension: the user asked for it), with
///   its name as relative path.
/// - A folder is scanned recursively; files are kept when their extension (case-insensitive) is
///   one either decoder reads (``defaultExtensions``); names starting with `.` are skipped, files
///   and folders alike.
/// - Symbolic links are followed; each folder is entered once, identified by (device, inode), so
///   link loops and a folder linked twice are scanned once.
/// - Names are read as bytes (`readdir`), so a name that is not UTF-8 is found and opened; its
///   relative path shows the bytes that are not UTF-8 as `\xHH`. Folders are descended through
///   their descriptors, so a tree deeper than `PATH_MAX` is walked; a file whose path is longer
///   than `PATH_MAX` cannot be opened and becomes a problem (a `failed` record) saying so.
/// - Special files (FIFOs, devices, sockets) are never read: named like audio (or given directly)
///   they are listed in ``ScanResult/skipped``. Regular files under other extensions are not audio: they
///   are listed in ``ScanResult/ignoredFiles``, never analysed.
/// - Relative paths are sorted by their UTF-8 bytes: the same order on every machine.
public struct FileScanner: Sendable {
    /// The extensions of music files either decoder reads: libsndfile's `wav wave aif aiff aifc flac ogg oga opus
    /// mp3 au snd caf w64 rf64`, and FFmpeg's `m4a m4b m4r mp4 3gp 3g2 aac adts alac wma asf ac3 eac3 ec3 mka mkv
    /// webm weba wv ape mpc tta dts amr awb spx mp2 tak dsf dff shn oma`. A file found under one of them that
    /// neither decoder reads gets a `failed` record (`unsupported_format`, naming both decoders' reasons).
    public static let defaultExtensions: Set<String> = [
        // libsndfile
        "wav", "wave", "aif", "aiff", "aifc", "flac", "ogg", "oga", "opus", "mp3", "au", "snd", "caf", "w64", "rf64",
        // FFmpeg: MP4 family, Windows Media, Dolby and DTS, Matroska and WebM, lossless and other codecs
        "m4a", "m4b", "m4r", "mp4", "3gp", "3g2", "aac", "adts", "alac", "wma", "asf", "ac3", "eac3", "ec3", "mka",
        "mkv", "webm", "weba", "wv", "ape", "mpc", "tta", "dts", "amr", "awb", "spx", "mp2", "tak", "dsf", "dff",
        "shn", "oma",
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
        return ScanResult(files: walk.found, problems: walk.problems, skipped: walk.skipped, ignoredFiles: walk.ignored)
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
        var ignored: [String] = []
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
                guard isAudio else {
                    walk.ignored.append(childRelative)
                    continue
                }
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
