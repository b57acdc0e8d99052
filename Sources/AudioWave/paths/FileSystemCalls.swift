#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

// The C boundary of path handling: every system call that takes a path or lists a folder, on the exact
// bytes of ``FileSystemPath``. Foundation's `FileManager` and `URL` decode names as UTF-8 and replace
// what is not, so a file named in Latin-1 could be listed but never found again.

/// What `stat(2)` says about a path (symbolic links followed).
package struct FileSystemStatus: Sendable, Hashable {
    /// The kind of file, from `st_mode`.
    package enum Kind: String, Sendable, Hashable {
        case regular, directory
        case fifo = "a FIFO"
        case characterDevice = "a character device"
        case blockDevice = "a block device"
        case socket = "a socket"
        case other = "not a regular file"
    }

    package var kind: Kind
    package var device: UInt64
    package var inode: UInt64
    package var sizeBytes: Int64
    package var mtimeSeconds: Int64
    package var mtimeNanoseconds: Int64

    init(_ info: stat) {
        switch info.st_mode & S_IFMT {
        case S_IFREG: kind = .regular
        case S_IFDIR: kind = .directory
        case S_IFIFO: kind = .fifo
        case S_IFCHR: kind = .characterDevice
        case S_IFBLK: kind = .blockDevice
        case S_IFSOCK: kind = .socket
        default: kind = .other
        }
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
        sizeBytes = Int64(info.st_size)
        #if canImport(Darwin)
            mtimeSeconds = Int64(info.st_mtimespec.tv_sec)
            mtimeNanoseconds = Int64(info.st_mtimespec.tv_nsec)
        #else
            mtimeSeconds = Int64(info.st_mtim.tv_sec)
            mtimeNanoseconds = Int64(info.st_mtim.tv_nsec)
        #endif
    }
}

/// An `errno` value with the system's words for it.
package struct SystemError: Error, Sendable, Hashable {
    package var code: Int32

    package init(_ code: Int32) { self.code = code }

    /// The current `errno`.
    static var current: SystemError { SystemError(errno) }

    /// `strerror`: "No such file or directory".
    package var message: String { String(cString: strerror(code)) }

    package static let notFound = SystemError(ENOENT)
    package static let notDirectory = SystemError(ENOTDIR)
    package static let symbolicLinkLoop = SystemError(ELOOP)
    package static let accessDenied = SystemError(EACCES)
    package static let notPermitted = SystemError(EPERM)
    package static let nameTooLong = SystemError(ENAMETOOLONG)
}

extension FileSystemPath {
    /// The system's longest path, terminating NUL included (`PATH_MAX`, 4096 on Linux): a longer path
    /// cannot be passed to `open(2)` or `stat(2)`.
    package static let maximumLength = Int(PATH_MAX)

    /// `stat(2)` of `path` (a lossless string), following symbolic links.
    package static func status(of path: String) -> Result<FileSystemStatus, SystemError> {
        var info = stat()
        guard stat(cString(path), &info) == 0 else { return .failure(.current) }
        return .success(FileSystemStatus(info))
    }

    /// Whether the process may read `path` (`access(2)` with `R_OK`).
    package static func isReadable(_ path: String) -> Bool {
        access(cString(path), R_OK) == 0
    }

    /// The process's arguments with their exact bytes (`CommandLine.arguments` replaces bytes that are
    /// not UTF-8 with U+FFFD, and the path is lost).
    package static func commandLineArguments() -> [String] {
        (0..<Int(CommandLine.argc)).map { index in
            guard let argument = CommandLine.unsafeArgv[index] else { return "" }
            return string(fromBytes: UnsafeRawBufferPointer(start: argument, count: strlen(argument)))
        }
    }
}

/// `open(2)` of a folder; outside ``OpenDirectory``, whose own `open` would shadow the system's.
private func openDirectory(_ path: [CChar]) -> Int32 {
    open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
}

/// An open folder, listed and descended through its descriptor (`openat`, `fstatat`, `fdopendir`), so
/// a tree deeper than `PATH_MAX` can still be walked. Closed when released.
package final class OpenDirectory {
    private let descriptor: Int32

    private init(descriptor: Int32) { self.descriptor = descriptor }

    deinit { close(descriptor) }

    /// Opens the folder at `path` (a lossless string).
    package static func open(_ path: String) -> Result<OpenDirectory, SystemError> {
        let descriptor = openDirectory(FileSystemPath.cString(path))
        guard descriptor >= 0 else { return .failure(.current) }
        return .success(OpenDirectory(descriptor: descriptor))
    }

    /// Opens the sub-folder `name` (following a symbolic link).
    package func open(child name: String) -> Result<OpenDirectory, SystemError> {
        let descriptor = openat(self.descriptor, FileSystemPath.cString(name), O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return .failure(.current) }
        return .success(OpenDirectory(descriptor: descriptor))
    }

    /// `fstatat(2)` of the entry `name`, following a symbolic link.
    package func status(ofChild name: String) -> Result<FileSystemStatus, SystemError> {
        var info = stat()
        guard fstatat(descriptor, FileSystemPath.cString(name), &info, 0) == 0 else { return .failure(.current) }
        return .success(FileSystemStatus(info))
    }

    /// The names in the folder (without `.` and `..`), as lossless strings, in the order `readdir` gives.
    package func names() -> Result<[String], SystemError> {
        let copy = dup(descriptor)  // fdopendir owns the descriptor it is given; closedir closes it
        guard copy >= 0 else { return .failure(.current) }
        guard let stream = fdopendir(copy) else {
            let error = SystemError.current
            close(copy)
            return .failure(error)
        }
        defer { closedir(stream) }
        rewinddir(stream)
        var names: [String] = []
        while true {
            errno = 0
            guard let entry = readdir(stream) else {
                if errno != 0 { return .failure(.current) }
                break
            }
            let name = withUnsafeBytes(of: &entry.pointee.d_name) { raw in
                let length = raw.firstIndex(of: 0) ?? raw.count
                return FileSystemPath.string(fromBytes: raw.prefix(length))
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return .success(names)
    }
}
