import Foundation
import Testing

@testable import AudioWave
@testable import AudioWaveBatch

@Suite("FileScanner")
struct FileScannerTests {
    /// A small tree: nested audio, other files, hidden entries, odd-case extensions.
    private func makeTree() throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory()
        for path in [
            "lib/b.wav", "lib/a.FLAC", "lib/sub/c.mp3", "lib/sub/deeper/d.Ogg", "lib/notes.txt", "lib/cover.jpg",
            "lib/.hidden.wav", "lib/.cache/e.wav", "lib/sub/f.aiff", "lib/g.opus", "lib/noext",
        ] {
            try directory.write("x", to: path)
        }
        return directory
    }

    @Test("folders are scanned recursively, sorted, filtered by extension, hidden entries skipped")
    func scansTree() throws {
        let directory = try makeTree()
        defer { directory.remove() }
        let result = FileScanner().scan([directory.file("lib").path])
        #expect(
            result.files.map(\.relativePath) == [
                "a.FLAC", "b.wav", "g.opus", "sub/c.mp3", "sub/deeper/d.Ogg", "sub/f.aiff",
            ])
        #expect(result.files.allSatisfy { $0.root.path == directory.file("lib").path })
        #expect(result.files.first?.url.path == directory.file("lib/a.FLAC").path)
        #expect(result.problems.isEmpty)
    }

    @Test("hidden entries are kept when asked")
    func includesHidden() throws {
        let directory = try makeTree()
        defer { directory.remove() }
        let result = FileScanner(includesHidden: true).scan([directory.file("lib").path])
        #expect(result.files.map(\.relativePath).contains(".cache/e.wav"))
        #expect(result.files.map(\.relativePath).contains(".hidden.wav"))
    }

    @Test("a file named directly is kept whatever its extension, with its name as relative path")
    func directFile() throws {
        let directory = try makeTree()
        defer { directory.remove() }
        let result = FileScanner().scan([directory.file("lib/notes.txt").path, directory.file("lib/sub/c.mp3").path])
        #expect(result.files.map(\.relativePath) == ["notes.txt", "c.mp3"])
        #expect(result.files.last?.root.path == directory.file("lib/sub").path)
    }

    @Test("a missing path is a not_found problem and the scan goes on")
    func missingPath() throws {
        let directory = try makeTree()
        defer { directory.remove() }
        let result = FileScanner().scan([directory.file("nope.wav").path, directory.file("lib/sub").path])
        #expect(result.problems.map(\.code) == [.notFound])
        #expect(result.problems.first?.relativePath == "nope.wav")
        #expect(result.problems.first?.message.hasPrefix("nope.wav: ") == true)
        #expect(result.files.count == 3)
    }

    @Test("symbolic link loops are survived and a folder linked twice is scanned once")
    func symlinkLoops() throws {
        let directory = try makeTree()
        defer { directory.remove() }
        let manager = FileManager.default
        try manager.createSymbolicLink(
            atPath: directory.file("lib/sub/deeper/loop").path,
            withDestinationPath: directory.file("lib").path)
        try manager.createSymbolicLink(
            atPath: directory.file("lib/zlink").path,
            withDestinationPath: directory.file("lib/sub").path)
        let result = FileScanner().scan([directory.file("lib").path])
        #expect(
            result.files.map(\.relativePath) == [
                "a.FLAC", "b.wav", "g.opus", "sub/c.mp3", "sub/deeper/d.Ogg", "sub/f.aiff",
            ])
    }

    @Test("a linked audio file is kept; a broken link with an audio name is a not_found problem")
    func fileLinks() throws {
        let directory = try makeTree()
        defer { directory.remove() }
        let manager = FileManager.default
        try manager.createSymbolicLink(
            atPath: directory.file("lib/link.wav").path,
            withDestinationPath: directory.file("lib/b.wav").path)
        try manager.createSymbolicLink(
            atPath: directory.file("lib/broken.wav").path,
            withDestinationPath: directory.file("lib/gone.wav").path)
        let result = FileScanner().scan([directory.file("lib").path])
        #expect(result.files.map(\.relativePath).contains("link.wav"))
        #expect(result.problems.map(\.relativePath) == ["broken.wav"])
        #expect(result.problems.first?.isDirectory == false)
    }

    @Test("relative paths found under two roots are reported as duplicates")
    func duplicates() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("x", to: "one/a.wav")
        try directory.write("x", to: "two/a.wav")
        try directory.write("x", to: "two/b.wav")
        let result = FileScanner().scan([directory.file("one").path, directory.file("two").path])
        #expect(result.files.map(\.relativePath) == ["a.wav", "a.wav", "b.wav"])
        #expect(result.duplicateRelativePaths == ["a.wav"])
    }

    @Test("the extension check is case-insensitive and needs a real extension")
    func extensions() {
        let scanner = FileScanner()
        #expect(scanner.isAudioFileName("X.WAV"))
        #expect(scanner.isAudioFileName("a.rf64"))
        #expect(!scanner.isAudioFileName("wav"))
        #expect(!scanner.isAudioFileName(".wav"))
        #expect(!scanner.isAudioFileName("a.wav.txt"))
        #expect(FileScanner.defaultExtensions.count == 47)
    }

    @Test("a folder scan finds every format either decoder reads, and leaves other files alone")
    func everyDecoderFormat() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let music = [
            "a.wav", "b.FLAC", "c.mp3", "d.opus", "e.m4a", "f.M4B", "g.aac", "h.wma", "i.ac3", "j.mka",
            "k.webm", "l.wv", "m.ape", "n.mp4", "o.tta", "p.mpc", "q.dsf",
        ]
        for name in music + ["cover.jpg", "notes.txt", "playlist.m3u", "video.avi"] {
            try directory.write("x", to: name)
        }
        try directory.write("x", to: "sub/README")
        let result = FileScanner().scan([directory.url.path])
        #expect(result.files.map(\.relativePath) == music.sorted(by: PathOrder.precedes))
        #expect(result.ignoredFiles == ["cover.jpg", "notes.txt", "playlist.m3u", "sub/README", "video.avi"])
        #expect(
            result.ignoredExtensions.map { "\($0.count) \($0.extension)" } == [
                "1 .avi", "1 .jpg", "1 .m3u", "1 .txt", "1 no extension",
            ])
    }
}
