import Foundation
import Testing

@testable import AudioWave

/// A file whose audio ends before its header says (a partial download, a copy stopped half-way): what the
/// decoder could read is measured, and the report says the file is cut short.
@Suite("A file cut short is measured up to the cut")
struct CutShortTests {
    /// The fixtures' 8-second 120 BPM D major song (its header promises 8 s) as `format`, cut to `fraction` of
    /// its bytes, or to `bytes` bytes.
    private func cut(
        _ format: String = "flac", _ fraction: Double, bytes: Int? = nil, in directory: TemporaryDirectory
    ) throws -> String {
        let data = try Data(
            contentsOf: URL(fileURLWithPath: TestAudio.fixture("formats/song_d_major_120bpm.\(format)")))
        let url = directory.file("cut.\(format)")
        try data.prefix(bytes ?? Int(Double(data.count) * fraction)).write(to: url)
        return url.path
    }

    @Test(
        "progressive, full and forced fast path: partial, truncated, the decoded part's tempo and loudness",
        arguments: [("flac", 0.6), ("flac", 0.8), ("wav", 0.6), ("aiff", 0.8)])
    func measuredUpToTheCut(format: String, fraction: Double) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try cut(format, fraction, in: directory)
        var full = AnalysisConfiguration()
        full.engine.earlyTerminationOnQuality = false
        var fast = AnalysisConfiguration()
        fast.engine.qualityThreshold = 0
        for configuration in [AnalysisConfiguration(), full, fast] {
            let report = await (try AudioAnalyzer(configuration: configuration)).analyze(path: path)
            #expect(report.status == .partial)
            #expect(report.error?.code == .truncated)
            #expect(report.error?.message.contains("cut.\(format): truncated") == true)
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
            #expect(warning.contains("of the 8.0 s its header promises"), "\(warning)")
        }
    }

    @Test("a WAV whose data chunk runs past the end: probed with the promise, decoded to the end, then truncated")
    func wavDataShortfall() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try cut("wav", 0.5, in: directory)
        #expect(throws: AudioError.self) { try AudioDecoder.probe(path: path) }  // a header check refuses it
        let properties = try AudioDecoder.probe(path: path, acceptingCut: true)
        let promised = try #require(properties.declaredFrameCount)
        #expect(abs(properties.declaredDurationSeconds - 8) < 0.01 && promised > properties.frameCount)
        var delivered = 0
        #expect {
            try AudioDecoder.streamMono(path: path, options: DecodingOptions(sampleRate: nil)) { delivered += $0.count }
        } throws: { error in
            (error as? AudioError)?.code == .truncated
        }
        #expect(Int64(delivered) == properties.frameCount)  // every frame there is, before the error
        // An excerpt that ends before the cut is whole.
        let excerpt = try AudioDecoder.decodeMono(
            path: path, options: DecodingOptions(excerpt: Excerpt(startSeconds: 0, durationSeconds: 1)))
        #expect(excerpt.samples.count == 22050)
    }

    @Test("an Ogg stream whose last page is missing: FFmpeg decodes it to its last complete page, partial")
    func oggEndMissing() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try cut("ogg", 0.6, in: directory)
        #expect(throws: AudioError.self) { try AudioDecoder.probe(path: path) }
        let properties = try AudioDecoder.probe(path: path, acceptingCut: true)
        #expect(properties.decoder == .ffmpeg && properties.declaredFrameCount == nil)
        #expect(properties.durationSeconds > 4 && properties.durationSeconds < 5, "\(properties.durationSeconds)")
        let report = await (try AudioAnalyzer()).analyze(path: path)
        #expect(report.status == .partial && report.error?.code == .truncated)
        #expect(report.error?.message.contains("the stream's end is missing") == true)
        #expect(abs((report.tempo?.bpm ?? 0) - 120) < 2)
        let warning = try #require((report.warnings ?? []).first { $0.hasPrefix("the file is cut short") })
        #expect(!warning.contains("header promises"), "an Ogg header promises no length: \(warning)")
    }

    @Test("a FLAC whose header leaves the length unknown (a streamed encode: 0 total samples) is whole, not cut")
    func flacLengthUnknown() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var data = try TestAudio.fixtureData("formats/song_d_major_120bpm.flac")
        // STREAMINFO's body starts at byte 8; its 36-bit total sample count ends at body byte 17 (the low 4 bits of
        // byte 13, then bytes 14-17); FLAC's format says 0 means unknown.
        data[data.startIndex + 8 + 13] &= 0xF0
        for i in 14...17 { data[data.startIndex + 8 + i] = 0 }
        let url = directory.file("streamed.flac")
        try data.write(to: url)
        let report = await (try AudioAnalyzer()).analyze(path: url.path)
        #expect(report.status == .ok && report.error == nil, "\(String(describing: report.error))")
        #expect(abs((report.file?.durationSeconds ?? 0) - 8) < 0.05)
        #expect(abs((report.tempo?.bpm ?? 0) - 120) < 2)
    }

    @Test("a whole file is not cut short, and a cut before any audio still fails")
    func wholeAndEmpty() async throws {
        let analyzer = try AudioAnalyzer()
        let whole = await analyzer.analyze(path: TestAudio.fixture("formats/song_d_major_120bpm.flac"))
        #expect(whole.status == .ok && whole.error == nil)
        #expect(!(whole.warnings ?? []).contains { $0.contains("cut short") })
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let header = try cut("flac", 0, bytes: 1000, in: directory)  // the header and the start of the first frame
        let report = await analyzer.analyze(path: header)
        #expect(report.status == .failed && report.tempo == nil)
        // 5 ms of PCM is less than one analysis frame: nothing to measure, so the cut is a failure.
        let sliver = await analyzer.analyze(path: try cut("wav", 0, bytes: 1000, in: directory))
        #expect(sliver.status == .failed && sliver.error?.code == .truncated)
    }
}
