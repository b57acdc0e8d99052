import Foundation
import Testing

@testable import AudioWave
@testable import AudioWaveReport

@Suite("JSONLReader")
struct JSONLReaderTests {
    @Test(
        "lines spanning read chunks come back whole, with exact offsets and numbers", arguments: [1, 3, 7, 64, 1 << 20])
    func chunkBoundaries(chunkSize: Int) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let text = "{\"a\":1}\n\n{\"bb\":22}\nlonger line here\ntorn"
        try directory.write(text, to: "x.jsonl")
        var lines: [JSONLReader.Line] = []
        try JSONLReader.forEachLine(in: directory.file("x.jsonl"), chunkSize: chunkSize) { lines.append($0) }
        #expect(
            lines.map { String(decoding: $0.bytes, as: UTF8.self) } == [
                "{\"a\":1}", "{\"bb\":22}", "longer line here", "torn",
            ])
        #expect(lines.map(\.number) == [1, 3, 4, 5])
        #expect(lines.map(\.offset) == [0, 9, 19, 36])
        #expect(lines.map(\.isTerminated) == [true, true, true, false])
        let bytes = Array(text.utf8)
        for line in lines {
            let start = Int(line.offset)
            #expect(Array(bytes[start..<(start + line.bytes.count)]) == Array(line.bytes))
        }
    }
}
