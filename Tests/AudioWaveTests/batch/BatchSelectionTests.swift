import Foundation
import Testing

@testable import AudioWave
@testable import AudioWaveBatch

@Suite("BatchSelection")
struct BatchSelectionTests {
    private let hash = "00000000000000aa"

    private func makeLibrary() throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory()
        for index in 0..<40 { try directory.write("audio \(index)", to: "lib/d\(index % 3)/t\(index).wav") }
        try FileManager.default.createSymbolicLink(
            atPath: directory.file("lib/broken.wav").path, withDestinationPath: directory.file("lib/none.wav").path)
        return directory
    }

    @Test("without shard or resume every file is analysed and a broken link gets a failed record")
    func plain() throws {
        let directory = try makeLibrary()
        defer { directory.remove() }
        let plan = BatchSelection.make(paths: [directory.file("lib").path], configHash: hash)
        #expect(plan.toAnalyze.count == 40)
        #expect(plan.skipped.isEmpty)
        #expect(plan.failedRecords.map(\.relativePath) == ["broken.wav"])
        #expect(plan.failedRecords.first?.error?.code == .notFound)
        #expect(plan.failedRecords.first?.configHash == hash)
    }

    @Test("the shards of a plan partition the files and the failed records")
    func sharded() throws {
        let directory = try makeLibrary()
        defer { directory.remove() }
        var analysed: [String] = []
        var failed: [String] = []
        for index in 0..<4 {
            let plan = BatchSelection.make(
                paths: [directory.file("lib").path], shard: try Shard(index: index, count: 4), configHash: hash)
            analysed += plan.toAnalyze.map(\.relativePath)
            failed += plan.failedRecords.map(\.relativePath)
        }
        #expect(analysed.count == 40 && Set(analysed).count == 40)
        #expect(failed == ["broken.wav"])
    }

    @Test("resume skips files with up-to-date records and re-runs touched or failed ones as asked")
    func resumes() throws {
        let directory = try makeLibrary()
        defer { directory.remove() }
        let root = directory.file("lib")
        let first = BatchSelection.make(paths: [root.path], configHash: hash)
        var index = ResumeIndex()
        for (number, file) in first.toAnalyze.enumerated() {
            let facts = try SourceFacts.current(atPath: file.url.path)
            index.add(
                ResumeEntry(
                    relativePath: file.relativePath, status: number == 0 ? .failed : .ok, source: facts,
                    analyzerVersion: AudioWaveVersion.analyzer, configHash: hash))
        }
        for record in first.failedRecords { index.add(ResumeEntry(record)) }
        let failedPath = first.toAnalyze[0].relativePath
        try directory.write("changed!", to: "lib/" + first.toAnalyze[1].relativePath)

        let resumed = BatchSelection.make(paths: [root.path], resume: index, configHash: hash)
        #expect(resumed.toAnalyze.map(\.relativePath) == [first.toAnalyze[1].relativePath])
        #expect(resumed.skipped.count == 39)
        #expect(resumed.failedRecords.isEmpty)

        let retried = BatchSelection.make(paths: [root.path], resume: index, configHash: hash, retryFailed: true)
        #expect(retried.toAnalyze.map(\.relativePath) == [failedPath, first.toAnalyze[1].relativePath])
        #expect(retried.failedRecords.map(\.relativePath) == ["broken.wav"])

        let reconfigured = BatchSelection.make(paths: [root.path], resume: index, configHash: "00000000000000bb")
        #expect(reconfigured.toAnalyze.count == 40)
    }
}
