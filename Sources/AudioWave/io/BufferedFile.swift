import AudioWavePaths
import CSndfile

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A read-only file that libsndfile reads through its virtual I/O (`sf_open_virtual`), and FFmpeg through its
/// custom I/O (``FFmpegSession``), served from a 256 KiB buffer.
///
/// libsndfile reads files with one `read(2)` per request, and its MPEG reader requests about 150 bytes at a
/// time: 185 000 system calls for the 28 MB of the development set's MP3s, over a tenth of the CPU time of
/// `audiowave analyze --only tempo,key`. Here a request is a copy from the buffer, which is refilled with one
/// `pread(2)` per 256 KiB; requests larger than the buffer go straight to the caller's memory.
///
/// Every pointer this type touches is libsndfile's or FFmpeg's: it lives at the C boundary with ``SndfileHandle``
/// and ``FFmpegSession``.
final class BufferedFile {
    private let descriptor: Int32
    /// File length in bytes, fixed at open.
    let length: Int64
    private var buffer: [UInt8]
    /// File offset of `buffer[0]`, and how many bytes from there are valid.
    private var bufferStart: Int64 = 0
    private var bufferCount = 0
    /// libsndfile's read position.
    private var position: Int64 = 0
    /// Bytes that `read(into:count:)` delivers instead of the file's own (``UnwrittenDataSize``: the sizes a
    /// header never got); ``bytes(at:count:)`` still returns the file's own bytes.
    var corrections: [HeaderCorrection] = []

    static let bufferSize = 256 * 1024

    /// Opens `path` for reading: its exact bytes (`FileSystemPath`), so a name that is not UTF-8 opens.
    /// - Throws: `AudioError` `.unreadable` with the system's reason.
    init(path: String) throws(AudioError) {
        let descriptor = open(FileSystemPath.cString(path), O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw AudioError(.unreadable, path: path, reason: "open failed: \(String(cString: strerror(errno)))")
        }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            let reason = String(cString: strerror(errno))
            close(descriptor)
            throw AudioError(.unreadable, path: path, reason: "fstat failed: \(reason)")
        }
        self.descriptor = descriptor
        self.length = Int64(status.st_size)
        self.buffer = [UInt8](repeating: 0, count: BufferedFile.bufferSize)
    }

    deinit { close(descriptor) }

    /// Copies up to `count` bytes at the read position into `destination` and advances; returns the number
    /// copied (fewer at the end of the file or on a read error, which libsndfile then reports as a short
    /// read; an interrupted `pread` is retried), with ``corrections`` laid over what it copied.
    func read(into destination: UnsafeMutableRawPointer, count: Int) -> Int {
        let start = position
        let copied = readFile(into: destination, count: count)
        for correction in corrections {
            let first = max(start, correction.offset)
            let end = min(start + Int64(copied), correction.offset + Int64(correction.bytes.count))
            guard first < end else { continue }
            correction.bytes.withUnsafeBytes { source in
                guard let base = source.baseAddress else { return }
                (destination + Int(first - start)).copyMemory(
                    from: base + Int(first - correction.offset), byteCount: Int(end - first))
            }
        }
        return copied
    }

    /// `read(into:count:)` of the file's own bytes.
    private func readFile(into destination: UnsafeMutableRawPointer, count: Int) -> Int {
        var copied = 0
        while copied < count, position < length {
            let wanted = count - copied
            if position >= bufferStart, position < bufferStart + Int64(bufferCount) {
                let offset = Int(position - bufferStart)
                let available = min(wanted, bufferCount - offset)
                buffer.withUnsafeBytes { source in
                    guard let base = source.baseAddress else { return }
                    (destination + copied).copyMemory(from: base + offset, byteCount: available)
                }
                copied += available
                position += Int64(available)
            } else if wanted >= BufferedFile.bufferSize {
                let got = pread(descriptor, destination + copied, wanted, off_t(position))
                if got < 0, errno == EINTR { continue }
                guard got > 0 else { break }
                copied += got
                position += Int64(got)
            } else {
                let got = buffer.withUnsafeMutableBytes { target -> Int in
                    guard let base = target.baseAddress else { return -1 }
                    return pread(descriptor, base, BufferedFile.bufferSize, off_t(position))
                }
                if got < 0, errno == EINTR { continue }
                guard got > 0 else {
                    bufferCount = 0
                    break
                }
                bufferStart = position
                bufferCount = got
            }
        }
        return copied
    }

    /// Moves the read position (`whence` as in `lseek`); returns the new position, or −1 for a position
    /// before the start.
    func seek(offset: Int64, whence: Int32) -> Int64 {
        let target: Int64
        switch whence {
        case SEEK_SET: target = offset
        case SEEK_CUR: target = position + offset
        case SEEK_END: target = length + offset
        default: return -1
        }
        guard target >= 0 else { return -1 }
        position = target
        return position
    }

    /// The read position.
    var tell: Int64 { position }

    /// The first `count` bytes of the file (fewer when it is shorter); the read position is left unchanged.
    func leadingBytes(_ count: Int) -> [UInt8] { bytes(at: 0, count: count) }

    /// `count` bytes from `offset` (fewer at the end of the file or on a read error); the read position is left
    /// unchanged.
    func bytes(at offset: Int64, count: Int) -> [UInt8] {
        guard offset >= 0, count > 0 else { return [] }
        var bytes = [UInt8](repeating: 0, count: count)
        let got = bytes.withUnsafeMutableBytes { raw -> Int in
            guard let base = raw.baseAddress else { return 0 }
            return pread(descriptor, base, count, off_t(offset))
        }
        return Array(bytes.prefix(max(0, got)))
    }

    /// The callbacks `sf_open_virtual` calls, with an unretained pointer to a `BufferedFile` as user data
    /// (the ``SndfileHandle`` that opened it keeps it alive until `sf_close`).
    static func virtualIO() -> SF_VIRTUAL_IO {
        SF_VIRTUAL_IO(
            get_filelen: { userData in
                guard let userData else { return -1 }
                return sf_count_t(Unmanaged<BufferedFile>.fromOpaque(userData).takeUnretainedValue().length)
            },
            seek: { offset, whence, userData in
                guard let userData else { return -1 }
                return sf_count_t(
                    Unmanaged<BufferedFile>.fromOpaque(userData).takeUnretainedValue().seek(
                        offset: Int64(offset), whence: whence))
            },
            read: { destination, count, userData in
                guard let userData, let destination, count > 0 else { return 0 }
                let file = Unmanaged<BufferedFile>.fromOpaque(userData).takeUnretainedValue()
                return sf_count_t(file.read(into: destination, count: Int(count)))
            },
            write: { _, _, _ in 0 },
            tell: { userData in
                guard let userData else { return -1 }
                return sf_count_t(Unmanaged<BufferedFile>.fromOpaque(userData).takeUnretainedValue().tell)
            })
    }
}
