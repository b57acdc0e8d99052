import Foundation

/// Reads a JSONL file line by line in bounded memory, with each line's byte offset, so that
/// multi-gigabyte outputs of a million-file run can be indexed and merged.
package enum JSONLReader {
    /// One line of a JSONL file.
    package struct Line {
        /// The line's bytes without its newline.
        package var bytes: Data
        /// 1-based line number.
        package var number: Int
        /// Byte offset of the line's first byte in the file.
        package var offset: UInt64
        /// False for a last line with no newline (possibly torn by a killed writer).
        package var isTerminated: Bool
    }

    /// Calls `body` for every non-empty line of the file.
    /// - Throws: File-system errors, or what `body` throws.
    package static func forEachLine(in url: URL, chunkSize: Int = 1 << 20, _ body: (Line) throws -> Void) throws {
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
                    try body(
                        Line(
                            bytes: Data(pending[start..<newline]), number: number,
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
