import AudioWaveAnalysis
import AudioWaveBatch
import AudioWaveDSP
import AudioWaveIO
import AudioWaveReport
import ConfigurationDecoding
import Foundation
import StageEngine

/// Everything that shapes an analysis: the engine's behaviour and the audio settings.
///
/// The CLI's `--config FILE` is the engine part (snake_case keys); flags set the rest.
/// ``resultHash`` hashes only what changes results, so `--jobs` does not defeat `--resume`.
public struct AnalysisConfiguration: Sendable, Codable, Hashable {
    /// The wave engine: stages, concurrency, retries, timeouts, quality gate, governor.
    public var engine: EngineConfiguration
    /// Analysis sample rate in Hz. Default 22050.
    public var sampleRate: Int
    /// Length of the excerpt the initial analysis decodes from the middle of a file, in seconds. Default 30.
    public var excerptSeconds: Double
    /// Tempo estimation settings (range, prior, beat tightness).
    public var tempo: TempoConfiguration
    /// Key estimation settings (profile, harmonic emphasis).
    public var key: KeyConfiguration
    /// The analyses to compute (default: all). Tempo and key alone skip loudness and the spectral
    /// features; loudness alone skips the STFT.
    public var analyses: Set<Analysis>
    /// Report the loudness of the excerpt when the quality gate ends a file after the initial analysis,
    /// instead of measuring the whole file in a loudness-only pass (`--loudness excerpt`). Default false:
    /// a file's loudness is never estimated from a part of it unless asked.
    public var loudnessFromExcerpt: Bool = false

    /// The defaults: 22050 Hz, a 30 s excerpt, the standard tempo and key settings, the engine's defaults.
    public init(
        engine: EngineConfiguration = EngineConfiguration(), sampleRate: Int = 22050, excerptSeconds: Double = 30,
        tempo: TempoConfiguration = .standard, key: KeyConfiguration = .standard, analyses: Set<Analysis> = Analysis.all
    ) {
        self.engine = engine
        self.sampleRate = sampleRate
        self.excerptSeconds = excerptSeconds
        self.tempo = tempo
        self.key = key
        self.analyses = analyses
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case engine
        case sampleRate = "sample_rate"
        case excerptSeconds = "excerpt_seconds"
        case tempo, key, analyses
        case loudnessFromExcerpt = "loudness_from_excerpt"
    }

    /// Decodes the configurations' one policy: a missing key takes the default, an unknown key is an error
    /// naming the field (`tempo.min_bmp`); the nested engine, tempo and key settings decode the same way.
    /// - Throws: ``AnalysisConfigurationError`` or `ConfigurationError` naming an unknown key,
    ///   `DecodingError` for a bad type.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.strictContainer(CodingKeys.self, error: AnalysisConfigurationError.init)
        self.init()
        engine = try c.decode(.engine, or: engine)
        sampleRate = try c.decode(.sampleRate, or: sampleRate)
        excerptSeconds = try c.decode(.excerptSeconds, or: excerptSeconds)
        tempo = try c.decode(.tempo, or: tempo)
        key = try c.decode(.key, or: key)
        loudnessFromExcerpt = try c.decode(.loudnessFromExcerpt, or: loudnessFromExcerpt)
        analyses = Set(try c.decode(.analyses, or: Analysis.allCases))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(engine, forKey: .engine)
        try container.encode(sampleRate, forKey: .sampleRate)
        try container.encode(excerptSeconds, forKey: .excerptSeconds)
        try container.encode(tempo, forKey: .tempo)
        try container.encode(key, forKey: .key)
        try container.encode(analyses.sorted(), forKey: .analyses)
        try container.encode(loudnessFromExcerpt, forKey: .loudnessFromExcerpt)
    }

    /// Rejects values no analysis can run with, naming the field.
    /// - Throws: `ConfigurationError` (engine), `AnalysisConfigurationError` (tempo, key, rates).
    public func validate() throws {
        try engine.validate()
        // The engine may order its stages by any dependencies; the audio stages each read what the one before
        // committed, so they must run in their own order (a finalization before preparation failed every file).
        let order = try engine.resolvedStageOrder()
        if let index = order.indices.dropLast().first(where: { order[$0] > order[$0 + 1] }) {
            throw AnalysisConfigurationError(
                field: "engine.stage_dependencies",
                reason:
                    "the audio stages run in their order; these dependencies run \(order[index].rawValue) before \(order[index + 1].rawValue)"
            )
        }
        try tempo.validate()
        try key.validate()
        guard sampleRate >= 4000, sampleRate <= AudioDecoder.maximumSampleRate else {
            throw AnalysisConfigurationError(
                field: "sample_rate", reason: "must be 4000...768000 Hz, got \(sampleRate)")
        }
        guard !analyses.isEmpty else {
            throw AnalysisConfigurationError(field: "analyses", reason: "at least one analysis is needed")
        }
        guard excerptSeconds.isFinite, excerptSeconds >= 5 else {
            throw AnalysisConfigurationError(
                field: "excerpt_seconds", reason: "must be at least 5 s, got \(excerptSeconds)")
        }
    }

    /// The feature extractor's settings at this configuration's rate.
    var features: FeatureConfiguration {
        var configuration = FeatureConfiguration.standard
        configuration.sampleRate = Double(sampleRate)
        configuration.tuningFrameStride = FeatureScope.keyFrameStride
        return configuration
    }

    /// A stable hex hash of everything that changes a report's content (rates, excerpt, stages, the
    /// quality gate, and each analysis unit's own settings), and nothing that only changes speed
    /// (concurrency, timeouts, retries). Every unit adds its share (``AnalysisUnit/resultShaping``), so a
    /// new unit's settings cannot be forgotten here.
    public var resultHash: String { resultHash(units: AnalysisUnits.all(configuration: self)) }

    /// ``resultHash`` from units already built for this configuration (the analyzer's own).
    func resultHash(units: [any AnalysisUnit]) -> String {
        var shaping: [String: any Encodable & Sendable] = [
            "analyzer": AudioWaveVersion.analyzer, "sampleRate": sampleRate, "excerptSeconds": excerptSeconds,
            "stages": engine.enabledStages.map(\.rawValue), "progressive": engine.progressiveMode,
            "earlyTermination": engine.earlyTerminationOnQuality, "qualityThreshold": engine.qualityThreshold,
            "allowPartial": engine.allowPartialResults, "analyses": analyses.sorted(),
        ]
        for unit in units {
            shaping.merge(unit.resultShaping) { _, unitValue in unitValue }
        }
        return (try? ConfigHash.hex(of: shaping.mapValues(AnyEncodable.init))) ?? "unhashable"
    }
}

/// An `Encodable` of any type, so that the result hash can be a dictionary of each unit's settings
/// (encoded with sorted keys, as one struct of the same members would be).
private struct AnyEncodable: Encodable {
    let value: any Encodable
    func encode(to encoder: any Encoder) throws { try value.encode(to: encoder) }
}
