/// The outcome of analysing one file: `ok`, `partial` (some results missing) or `failed`.
public enum ReportStatus: String, Sendable, Codable, Hashable, CaseIterable {
    /// Every stage that ran succeeded (a silent file is `ok` too).
    case ok
    /// Some results are present but a stage failed and partial results were kept.
    case partial
    /// No usable analysis; `error` says why.
    case failed
}
