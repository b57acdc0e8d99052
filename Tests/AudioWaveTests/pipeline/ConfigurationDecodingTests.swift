import Foundation
import Testing

@testable import AudioWave

@Suite("one configuration decoding policy: missing keys take defaults, unknown keys are errors")
struct ConfigurationDecodingTests {
    static func decode(_ json: String) throws -> AnalysisConfiguration {
        try JSONDecoder().decode(AnalysisConfiguration.self, from: Data(json.utf8))
    }

    @Test("an empty object is the defaults; a partial one changes only what it names, at every level")
    func defaults() throws {
        #expect(try Self.decode("{}") == AnalysisConfiguration())
        let partial = try Self.decode(
            #"{"sample_rate": 44100, "tempo": {"min_bpm": 60}, "key": {"profile": "krumhansl"}}"#)
        var expected = AnalysisConfiguration(sampleRate: 44100)
        expected.tempo.minBPM = 60
        expected.key.profile = .krumhanslKessler
        #expect(partial == expected)
        #expect(try Self.decode(#"{"engine": {"max_items_in_flight": 3}}"#).engine.maxItemsInFlight == 3)
    }

    @Test("what encoding writes, decoding reads back unchanged")
    func roundTrip() throws {
        var configuration = AnalysisConfiguration(excerptSeconds: 12, analyses: [.tempo, .descriptors])
        configuration.tempo.maxBPM = 200
        configuration.key.harmonicEmphasis = false
        let decoded = try JSONDecoder().decode(AnalysisConfiguration.self, from: JSONEncoder().encode(configuration))
        #expect(decoded == configuration)
    }

    @Test(
        "an unknown key is an error naming the field with its path",
        arguments: [
            (#"{"sample_rat": 1}"#, "sample_rat"),
            (#"{"tempo": {"min_bmp": 60}}"#, "tempo.min_bmp"),
            (#"{"key": {"profil": "edma"}}"#, "key.profil"),
        ])
    func unknownKey(json: String, field: String) throws {
        do {
            _ = try Self.decode(json)
            Issue.record("\(json) decoded")
        } catch let error as AnalysisConfigurationError {
            #expect(error.field == field)
            #expect(error.reason.contains("known keys are"), "\(error.reason)")
        }
    }

    @Test("an unknown engine key is the engine's own configuration error, with its path")
    func unknownEngineKey() throws {
        do {
            _ = try Self.decode(#"{"engine": {"max_items_inflight": 3}}"#)
            Issue.record("decoded")
        } catch let error as ConfigurationError {
            #expect(error.field == "engine.max_items_inflight")
        }
    }

    @Test("stage dependencies that reorder the audio stages are refused before any work")
    func reorderedStages() throws {
        var configuration = AnalysisConfiguration()
        configuration.engine.stageDependencies = [.preparation: [.finalization]]
        do {
            try configuration.validate()
            Issue.record("finalization before preparation validated")
        } catch let error as AnalysisConfigurationError {
            #expect(error.field == "engine.stage_dependencies")
            #expect(error.reason.contains("finalization before"), "\(error.reason)")
        }
        configuration.engine.stageDependencies = [.deepAnalysis: [.featureExtraction]]  // the order they have anyway
        try configuration.validate()
    }
}
