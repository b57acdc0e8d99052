import Foundation

/// One of the analyses a report can hold. An analysis that is not requested is not computed, and its
/// report section is null (with the reason "not requested" for tempo and key).
///
/// What each costs, per audio minute at 44.1 kHz stereo (`audiowave-bench stages`, 2026-11): tempo and key
/// share the STFT, mel onset envelope and chroma (about 30 ms); loudness is the EBU R128 meter on the
/// original channels (about 80 ms); features are the spectral features, MFCC and contrast with their
/// summaries (about 50 ms more than tempo and key alone). Decoding comes on top.
public enum Analysis: String, Sendable, Codable, Hashable, CaseIterable, Comparable {
    /// Tempo with beats and candidates.
    case tempo
    /// Musical key with candidates.
    case key
    /// Integrated loudness, loudness range and true peak (EBU R128).
    case loudness
    /// Spectral, MFCC and chroma summaries.
    case features
    /// Rhythm and dynamics descriptors: onset rate, danceability, dynamic complexity, beats loudness.
    case descriptors

    public static func < (lhs: Analysis, rhs: Analysis) -> Bool {
        (allCases.firstIndex(of: lhs) ?? 0) < (allCases.firstIndex(of: rhs) ?? 0)
    }

    /// Every analysis (the default).
    public static let all = Set(allCases)
}
