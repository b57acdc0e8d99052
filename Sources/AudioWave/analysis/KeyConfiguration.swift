import AudioWaveDSP
import ConfigurationDecoding
import Foundation

/// Settings of ``KeyEstimator``.
public struct KeyConfiguration: Sendable, Codable, Hashable {
    /// The key profile correlated with the chroma. Default ``KeyProfile/default``.
    public var profile: KeyProfile
    /// Fold the upper partials of each note into the profile (see
    /// ``KeyProfile/harmonicallyExpanded(_:decay:partialCount:)``), so it matches chroma of harmonic
    /// sounds. Default true.
    public var harmonicEmphasis: Bool
    /// Amplitude ratio between successive partials used by the harmonic emphasis, in 0..<1. Default 0.5.
    public var partialDecay: Double

    /// Creates a configuration.
    public init(profile: KeyProfile = .default, harmonicEmphasis: Bool = true, partialDecay: Double = 0.5) {
        self.profile = profile
        self.harmonicEmphasis = harmonicEmphasis
        self.partialDecay = partialDecay
    }

    /// The defaults.
    public static let standard = KeyConfiguration()

    /// Rejects a decay outside 0..<1.
    /// - Throws: ``AnalysisConfigurationError`` naming `partial_decay`.
    public func validate() throws(AnalysisConfigurationError) {
        guard partialDecay >= 0, partialDecay < 1 else {
            throw AnalysisConfigurationError(field: "partial_decay", reason: "must be in 0..<1, got \(partialDecay)")
        }
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case profile
        case harmonicEmphasis = "harmonic_emphasis"
        case partialDecay = "partial_decay"
    }

    /// Decodes the configuration's policy: a missing key takes the default, an unknown key is an error.
    /// - Throws: ``AnalysisConfigurationError`` naming an unknown key, `DecodingError` for a bad type.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.strictContainer(CodingKeys.self, error: AnalysisConfigurationError.init)
        self.init()
        profile = try c.decode(.profile, or: profile)
        harmonicEmphasis = try c.decode(.harmonicEmphasis, or: harmonicEmphasis)
        partialDecay = try c.decode(.partialDecay, or: partialDecay)
    }
}
