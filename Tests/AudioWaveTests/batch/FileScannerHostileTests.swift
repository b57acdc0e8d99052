import Foundation
import Testing

@testable import AudioWave
@testable import AudioWaveBatch
@testable import AudioWavePaths

@Suite("FileScanner: names that are not UTF-8, special files, paths past PATH_MAX")
struct FileScannerHostileTests {
    private let click = TestAudio.fixtures.appendingPathComponent("tempo/click_90bpm.wav")

    @Test("a name that is not UTF-8 is found, shown with \\xHH, and opens")
    func latin1Name() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let folder = directory.file("lib")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = try HostileFiles.copy(click, to: folder, name: Array("caf".utf8) + [0xE9] + Array(".wav".utf8))
        let result = FileScanner().scan([folder.path])
        #expect(result.problems.isEmpty && result.skipped.isEmpty)
        let file = try #require(result.files.first)
        #expect(result.files.count == 1)
        #expect(file.relativePath == "caf\\xE9.wav")
        #expect(file.path == path)
        #expect(try AudioDecoder.probe(path: file.path).sampleRate == 22050)
        #expect((try? SourceFacts.current(atPath: file.path)) != nil)

        // Named directly, too.
        let direct = FileScanner().scan([path])
        #expect(direct.files.map(\.relativePath) == ["caf\\xE9.wav"])
        #expect(direct.problems.isEmpty)
    }

    @Test("FIFOs and links to devices named like audio are skipped and listed; a broken link without an audio name too")
    func specialFiles() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let folder = directory.file("lib")
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("sub"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: click, to: folder.appendingPathComponent("sub/good.wav"))
        try HostileFiles.fifo(at: folder.appendingPathComponent("sub/pipe.wav"))
        try HostileFiles.fifo(at: folder.appendingPathComponent("sub/pipe.txt"))  // not audio by name: ignored
        try FileManager.default.createSymbolicLink(
            atPath: folder.appendingPathComponent("zero.mp3").path, withDestinationPath: "/dev/zero")
        try FileManager.default.createSymbolicLink(
            atPath: folder.appendingPathComponent("album").path, withDestinationPath: "/nonexistent/album")
        let result = FileScanner().scan([folder.path])
        #expect(result.files.map(\.relativePath) == ["sub/good.wav"])
        #expect(result.problems.isEmpty)
        #expect(result.skipped.map(\.relativePath) == ["album", "sub/pipe.wav", "zero.mp3"])
        let messages = result.skipped.map(\.message)
        #expect(messages.contains("sub/pipe.wav: a FIFO, not a regular file: skipped"))
        #expect(messages.contains("zero.mp3: a character device, not a regular file: skipped"))
        #expect(messages.contains("album: cannot be examined (No such file or directory): skipped"))

        // A FIFO named directly is skipped too: opening it would wait for a writer.
        let direct = FileScanner().scan([folder.appendingPathComponent("sub/pipe.wav").path])
        #expect(direct.files.isEmpty && direct.skipped.map(\.relativePath) == ["pipe.wav"])
    }

    @Test("a file whose path is longer than PATH_MAX is a problem saying so; the tree around it is walked")
    func pathMax() throws {
        let directory = try TemporaryDirectory()
        defer { HostileFiles.removeTree(directory.url) }
        // 21 levels of 201 bytes: level 17's file is under PATH_MAX, level 20's far over it.
        let copies = try HostileFiles.deepTree(under: directory.url, levels: 21, file: click, filesAt: [17, 20])
        let result = FileScanner().scan([directory.url.path])
        #expect(result.files.map(\.relativePath) == [copies[17]])
        let problem = try #require(result.problems.first)
        #expect(result.problems.count == 1)
        #expect(problem.relativePath == copies[20])
        #expect(problem.code == .unreadable && !problem.isDirectory)
        #expect(problem.message.contains("longer than the system allows (PATH_MAX 4096)"))
    }

    @Test(
        "a folder that cannot be listed is a folder problem",
        .enabled(if: !HostileFiles.readsEverything, "root lists any folder; the CLI test drops the capability"))
    func unlistableFolder() throws {
        let directory = try TemporaryDirectory()
        defer {
            chmod(directory.file("lib/locked").path, 0o755)
            directory.remove()
        }
        try directory.write("x", to: "lib/locked/a.wav")
        try directory.write("x", to: "lib/b.wav")
        chmod(directory.file("lib/locked").path, 0)
        let result = FileScanner().scan([directory.file("lib").path])
        #expect(result.files.map(\.relativePath) == ["b.wav"])
        #expect(result.problems.map(\.relativePath) == ["locked"])
        #expect(result.problems.first?.isDirectory == true && result.problems.first?.code == .permissionDenied)
    }

    @Test("BatchSelection hands the skips of its shard on")
    func selectionCarriesSkips() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try FileManager.default.createDirectory(at: directory.file("lib"), withIntermediateDirectories: true)
        try HostileFiles.fifo(at: directory.file("lib/pipe.wav"))
        let all = BatchSelection.make(paths: [directory.file("lib").path], configHash: "0")
        #expect(all.skippedPaths.map(\.relativePath) == ["pipe.wav"])
        #expect(all.failedRecords.isEmpty && all.toAnalyze.isEmpty)
        let shards = try (0..<2).map { try Shard(index: $0, count: 2) }
        let counts = shards.map {
            BatchSelection.make(paths: [directory.file("lib").path], shard: $0, configHash: "0").skippedPaths.count
        }
        #expect(counts.sorted() == [0, 1])
    }
}
