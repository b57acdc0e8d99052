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

    enum CodingKeys: String, CodingKey {
        case relativePath = "relative_path"
        case status, source
        case analyzerVersion = "analyzer_version"
        case configHash = "config_hash"
    }

    private static let keys: [String] = ["relative_path", "status", "source", "analyzer_version", "config_hash"]
    private static let keySet = Set(keys)

    /// Decodes a line, nil when it is not one complete report object.
    ///
    /// Only the five members are decoded (``TopLevelJSON``): about fifty times faster than
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
