import Foundation
import Testing

@testable import AudioWave
@testable import AudioWaveIO

@Suite("BufferedFile: libsndfile's reads served from a buffer")
struct BufferedFileTests {
    /// 600 000 pseudo-random bytes: more than two buffers, not a multiple of the buffer size.
    static func bytes() -> [UInt8] {
        var state: UInt32 = 12345
        return (0..<600_000).map { _ in
            state = state &* 1_664_525 &+ 1_013_904_223
            return UInt8(truncatingIfNeeded: state >> 24)
        }
    }

    func read(_ file: BufferedFile, _ count: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        let got = out.withUnsafeMutableBytes { raw in raw.baseAddress.map { file.read(into: $0, count: count) } ?? 0 }
        return Array(out.prefix(got))
    }

    @Test("reads, seeks and tells return the file's bytes across buffer edges, past the end and in large requests")
    func matchesFile() throws {
        let directory = try TemporaryDirectory()
        let expected = Self.bytes()
        let url = directory.file("data.bin")
        try Data(expected).write(to: url)
        let file = try BufferedFile(path: url.path)
        #expect(file.length == Int64(expected.count))
        // Small sequential reads (as libsndfile's MPEG reader makes) through the first buffer edge.
        var position = 0
        for size in [10, 150, 4096, 262_000, 3000] {
            #expect(read(file, size) == Array(expected[position..<(position + size)]))
            position += size
            #expect(file.tell == Int64(position))
        }
        // Backwards into an earlier buffer, a request larger than the buffer, relative and end seeks.
        #expect(file.seek(offset: 100, whence: SEEK_SET) == 100)
        #expect(read(file, 300_000) == Array(expected[100..<300_100]))
        #expect(file.seek(offset: -50, whence: SEEK_CUR) == 300_050)
        #expect(read(file, 70) == Array(expected[300_050..<300_120]))
        #expect(file.seek(offset: -10, whence: SEEK_END) == Int64(expected.count - 10))
        #expect(read(file, 100) == Array(expected.suffix(10)))  // short read at the end
        #expect(read(file, 100).isEmpty)
        #expect(file.seek(offset: -1, whence: SEEK_SET) == -1)
    }

    @Test("a file that cannot be opened is an unreadable error naming it")
    func missingFile() throws {
        do {
            _ = try BufferedFile(path: "/nonexistent/audiowave/file.wav")
            Issue.record("opened a missing file")
        } catch {
            #expect(error.code == .unreadable && error.path == "/nonexistent/audiowave/file.wav")
        }
    }
}
