import AudioWaveDSP

/// Which part of a file tempo and key are measured on.
public enum AnalysisSpan: Sendable, Codable, Hashable {
    /// The whole file.
    case wholeFile
    /// An excerpt of the given length centred in the file (the whole file when shorter): the fast
    /// path of progressive analysis. The default is 30 s.
    case centredExcerpt(durationSeconds: Double)

    /// The default excerpt: 30 s from the middle.
    public static let standardExcerpt = AnalysisSpan.centredExcerpt(durationSeconds: 30)
}
