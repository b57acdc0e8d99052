import AudioWaveReport
import Foundation

/// A stable identity for an analysis configuration, written into every report as `config_hash`
/// so that `--resume` re-analyses files whose configuration changed.
///
/// The configuration is encoded as canonical JSON (sorted keys at every level, no whitespace,
/// unescaped slashes) and hashed with FNV-1a 64 (``StableHash/fnv1a64(bytes:)``); the result
/// is 16 lowercase hex digits. Equal configurations give equal hashes in every process and on
/// every machine running the same AudioWave version.
public enum ConfigHash {
    /// The canonical JSON bytes of a configuration.
    /// - Parameter configuration: Any `Encodable` value.
    /// - Returns: Compact JSON with sorted keys.
    /// - Throws: `EncodingError` (e.g. a non-finite number).
    public static func canonicalJSON<Configuration: Encodable>(_ configuration: Configuration) throws -> Data {
        try ReportJSON.makeEncoder().encode(configuration)  // sorted keys, unescaped slashes, compact
    }

    /// The 16-hex-digit hash of a configuration's canonical JSON.
    /// - Parameter configuration: Any `Encodable` value.
    /// - Returns: e.g. `"af63dc4c8601ec8c"`.
    /// - Throws: `EncodingError` (e.g. a non-finite number).
    public static func hex<Configuration: Encodable>(of configuration: Configuration) throws -> String {
        hex(StableHash.fnv1a64(bytes: try canonicalJSON(configuration)))
    }

    /// Formats a 64-bit value as 16 lowercase hex digits, zero-padded.
    public static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
