import Foundation
import Testing

@testable import AudioWave
@testable import AudioWaveReport

@Suite("atomic writes never replace a link, a device or a pipe")
struct AtomicFileTargetTests {
    @Test("a symbolic link is refused and left as it was; a regular file is replaced")
    func link() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let target = try directory.write("keep", to: "target.csv")
        let link = directory.file("link.csv")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: target)
        #expect(throws: AtomicFileError.self) { try AtomicFile.write(Data("new".utf8), to: link) }
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link.path) == target.path)
        #expect(try String(contentsOf: target, encoding: .utf8) == "keep")
        try AtomicFile.write(Data("new".utf8), to: target)
        #expect(try String(contentsOf: target, encoding: .utf8) == "new")
    }

    @Test(
        "a --csv that is a device fails when the outputs open, before any analysis",
        .enabled(if: FileManager.default.fileExists(atPath: "/dev/full")))
    func device() {
        #expect(throws: AtomicFileError.self) { try ReportOutputs(csv: URL(fileURLWithPath: "/dev/full")) }
    }
}
