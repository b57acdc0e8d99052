/// How a key is written into a tag (`--key-notation standard|camelot|open-key`; `open_key` in reports).
public enum KeyNotation: String, Sendable, Codable, Hashable, CaseIterable {
    /// The ID3v2 `TKEY` form: the tonic, then `m` for minor — `"F#m"`, `"D"`, `"Bbm"` (at most three characters).
    case standard
    /// The Camelot wheel code: `"11A"` for F# minor, `"10B"` for D major.
    case camelot
    /// Open Key notation: `"4m"` for F# minor, `"3d"` for D major.
    case openKey = "open_key"

    /// The key written in this notation.
    /// - Parameter key: A key section of a report.
    /// - Returns: E.g. `"F#m"`, `"11A"` or `"4m"` for F# minor.
    public func value(of key: KeyReport) -> String {
        switch self {
        case .standard: key.mode == .minor ? key.tonic + "m" : key.tonic
        case .camelot: key.camelot
        case .openKey: key.openKey
        }
    }
}
