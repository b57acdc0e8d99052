import AudioWaveDSP

/// Tempo, beats and key of one signal or file, with the analysis settings that produced them.
public struct TempoKeyAnalysis: Sendable, Codable, Hashable {
    /// Tempo and beats; nil when the signal has no periodicity (silence, too short).
    public var tempo: TempoEstimate?
    /// Key; nil when the signal has no pitched energy (see ``keyUnavailableReason``).
    public var key: KeyEstimate?
    /// Why ``key`` is nil: too little audible signal or no tonal content; nil when there is a key.
    public var keyUnavailableReason: KeyUnavailableReason?
    /// Where the analysed span starts in the file, in seconds (beat times are relative to it).
    public var startSeconds: Double
    /// Length of the analysed span, in seconds.
    public var durationSeconds: Double

    /// Creates an analysis.
    public init(
        tempo: TempoEstimate?, key: KeyEstimate?, keyUnavailableReason: KeyUnavailableReason? = nil,
        startSeconds: Double, durationSeconds: Double
    ) {
        self.tempo = tempo
        self.key = key
        self.keyUnavailableReason = key == nil ? keyUnavailableReason : nil
        self.startSeconds = startSeconds
        self.durationSeconds = durationSeconds
    }
}
