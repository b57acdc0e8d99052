import Foundation
import Testing

@testable import AudioWave

/// A file whose audio ends before its header says (a partial download, a copy stopped half-way): what the
/// decoder could read is measured, and the report says the file is cut short.
@Suite("A file cut short is measured up to the cut")
struct CutShortTests {
    /// The fixtures' 8-second 120 BPM D major song as FLAC (its header promises 8 s), cut to `fraction` of its
    /// bytes, or to `bytes` bytes.
    private func cutFLAC(_ fraction: Double, bytes: Int? = nil, in directory: TemporaryDirectory) throws -> String {
        let data = try Data(contentsOf: URL(fileURLWithPath: TestAudio.fixture("formats/song_d_major_120bpm.flac")))
        let url = directory.file("cut.flac")
        try data.prefix(bytes ?? Int(Double(data.count) * fraction)).write(to: url)
        return url.path
    }

    @Test(
        "progressive, full and forced fast path: partial, truncated, the decoded part's tempo and loudness",
        arguments: [0.6, 0.8])
    func measuredUpToTheCut(fraction: Double) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try cutFLAC(fraction, in: directory)
        var full = AnalysisConfiguration()
        full.engine.earlyTerminationOnQuality = false
        var fast = AnalysisConfiguration()
        fast.engine.qualityThreshold = 0
        for configuration in [AnalysisConfiguration(), full, fast] {
            let report = await (try AudioAnalyzer(configuration: configuration)).analyze(path: path)
            #expect(report.status == .partial)
            #expect(report.error?.code == .truncated)
            #expect(report.error?.message.contains("cut.flac: truncated") == true)
            let tempo = try #require(report.tempo)
            #expect(abs(tempo.bpm - 120) < 2, "\(tempo.bpm)")
            #expect(report.loudness?.integratedLUFS != nil)
            let warning = try #require((report.warnings ?? []).first { $0.hasPrefix("the file is cut short") })
            // "... the results cover the 4.4 s decoded of the 8.0 s its header promises (...)"
            let words = warning.split(separator: " ")
            let index = try #require(words.firstIndex(of: "cover"))
            let seconds = try #require(Double(words[index + 2]))
            // Every frame before the cut is kept (a failing read hands over what it decoded first).
            #expect(seconds < 8 && seconds > 8 * fraction - 0.35, "\(warning)")
        }
    }

    @Test("a whole file is not cut short, and a cut before any audio still fails")
    func wholeAndEmpty() async throws {
        let analyzer = try AudioAnalyzer()
        let whole = await analyzer.analyze(path: TestAudio.fixture("formats/song_d_major_120bpm.flac"))
        #expect(whole.status == .ok && whole.error == nil)
        #expect(!(whole.warnings ?? []).contains { $0.contains("cut short") })
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let header = try cutFLAC(0, bytes: 1000, in: directory)  // the header and the start of the first frame
        let report = await analyzer.analyze(path: header)
        #expect(report.status == .failed && report.tempo == nil)
    }
}
