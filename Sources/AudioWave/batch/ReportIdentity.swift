import AudioWaveReport
import Foundation

/// The fields of a report that batch bookkeeping needs; decoding only these keeps resume and
/// merge tolerant of newer report layouts.
struct ReportIdentity: Decodable, Sendable, Hashable {
    var relativePath: String
    var status: ReportStatus
    var source: SourceFacts?
    var analyzerVersion: String
    var configHash: String
    /// When the record was written (``ReportTimestamp``), nil in older records.
    var analyzedAt: String?

    enum CodingKeys: String, CodingKey {
        case relativePath = "relative_path"
        case status, source
        case analyzerVersion = "analyzer_version"
        case configHash = "config_hash"
        case analyzedAt = "analyzed_at"
    }

    /// What makes two records records of the same analysis: the same file content as far as size and
    /// modification time tell, the same analyzer version and the same configuration. A stable 64-bit hash of
    /// those fields (equal analyses give equal hashes; a collision between different ones is negligible).
    var analysisHash: UInt64 {
        let source = self.source.map { "\($0.sizeBytes) \($0.mtimeSeconds) \($0.mtimeNanoseconds)" } ?? "-"
        return StableHash.fnv1a64("\(source)|\(analyzerVersion)|\(configHash)")
    }

    private static let keys: [String] = [
        "relative_path", "status", "source", "analyzer_version", "config_hash", "analyzed_at",
    ]
    private static let keySet = Set(keys)

    /// Decodes a line, nil when it is not one complete report object.
    ///
    /// Only these six members are decoded (``TopLevelJSON``): about fifty times faster than
    /// decoding a whole multi-kilobyte record.
    static func decode(_ bytes: Data) -> ReportIdentity? {
        guard let members = TopLevelJSON.members(keySet, in: bytes) else { return nil }
        var compact = Data("{".utf8)
        for key in keys {
            guard let value = members[key] else { continue }
            if compact.count > 1 { compact.append(UInt8(ascii: ",")) }
            compact.append(contentsOf: Array("\"\(key)\":".utf8))
            compact.append(value)
        }
        compact.append(UInt8(ascii: "}"))
        return try? JSONDecoder().decode(ReportIdentity.self, from: compact)
    }
}
