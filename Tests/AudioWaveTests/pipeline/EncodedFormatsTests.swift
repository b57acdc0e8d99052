import Foundation
import Testing

@testable import AudioWave
@testable import AudioWaveIO
@testable import AudioWaveReport

@Suite("Analysing the formats FFmpeg decodes")
struct EncodedFormatsTests {
    @Test(
        "each encoded fixture gets the piece's tempo and key, and its report names the decoder",
        arguments: EncodedFixture.all)
    func analysis(fixture: EncodedFixture) async throws {
        let analyzer = try AudioAnalyzer()
        let report = await analyzer.analyze(path: fixture.path, relativePath: fixture.name)
        #expect(report.status == .ok, "\(String(describing: report.error))")
        #expect(report.file?.decoder == fixture.decoder.rawValue)
        #expect(report.file?.format == fixture.container)
        #expect(report.file?.encoding == fixture.codec)
        let bpm = try #require(report.tempo?.bpm)
        #expect(TempoAccuracy.isACC1(estimate: bpm, reference: 120), "\(bpm) BPM")
        #expect(report.key?.name == "D major")
        #expect(report.loudness?.integratedLUFS != nil)
        let line = try ReportJSON.encodeLine(report)
        #expect(try SchemaValidator.reportSchema().errors(in: JSONValue.parse(line)) == [])
    }

    @Test("the file section always writes decoder: the library's name, or null for samples in memory")
    func decoderKey() async throws {
        let analyzer = try AudioAnalyzer()
        let samples = TestAudio.sine(frequencyHz: 440, sampleRate: 22050, seconds: 3)
        let inMemory = await analyzer.analyze(samples: samples, sampleRate: 22050)
        let object = try JSONSerialization.jsonObject(with: ReportJSON.encodeLine(inMemory)) as? [String: Any]
        let file = try #require(object?["file"] as? [String: Any])
        #expect(file.keys.contains("decoder") && file["decoder"] is NSNull)
        let wav = await analyzer.analyze(path: TestAudio.fixture("tempo/click_120bpm.wav"))
        #expect(wav.file?.decoder == "libsndfile")
        // Records written before the field existed decode, without it.
        let old = try JSONDecoder().decode(
            FileReport.self,
            from: Data(#"{"format":"wav","encoding":"pcm_16","sample_rate":8000,"channels":1,"duration_s":1}"#.utf8))
        #expect(old.decoder == nil)
    }
}
