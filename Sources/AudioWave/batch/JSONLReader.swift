import Foundation

/// Reads a JSONL file line by line in bounded memory, with each line's byte offset, so that
/// multi-gigabyte outputs of a million-file run can be indexed and merged.
enum JSONLReader {
    /// One line of a JSONL file.
    struct Line {
        /// The line's bytes without its newline.
        var bytes: Data
        /// 1-based line number.
        var number: Int
        /// Byte offset of the line's first byte in the file.
        var offset: UInt64
        /// False for a last line with no newline (possibly torn by a killed writer).
        var isTerminated: Bool
    }

    /// Calls `body` for every non-empty line of the file.
    /// - Throws: File-system errors, or what `body` throws.
    static func forEachLine(in url: URL, chunkSize: Int = 1 << 20, _ body: (Line) throws -> Void) throws {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        var pending: [UInt8] = []
        var pendingOffset: UInt64 = 0
        var number = 0
        while let chunk = try handle.read(upToCount: chunkSize), !chunk.isEmpty {
            pending.append(contentsOf: chunk)
            var start = 0
            while let newline = pending[start...].firstIndex(of: 0x0A) {
                number += 1
                if newline > start {
                    try body(Line(bytes: Data(pending[start..<newline]), number: number,
                                  offset: pendingOffset + UInt64(start), isTerminated: true))
                }
                start = newline + 1
            }
            pendingOffset += UInt64(start)
            pending.removeFirst(start)
        }
        if !pending.isEmpty {
            try body(Line(bytes: Data(pending), number: number + 1, offset: pendingOffset, isTerminated: false))
        }
    }
}

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
