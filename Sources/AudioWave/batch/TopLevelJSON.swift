import AudioWaveReport
import Foundation

/// Picks a few top-level members out of a JSON object without decoding the rest.
///
/// Batch bookkeeping (resume, merge) needs five small fields of records that are several
/// kilobytes long (beats, features); decoding whole records with `JSONDecoder` made a
/// million-record merge take minutes. This scanner walks the top level, skips nested values by
/// matching brackets and strings (escapes included), and returns the raw bytes of the requested
/// members. It rejects anything that is not one complete object — in particular a torn line —
/// but checks nested values only for balance, not full JSON grammar.
enum TopLevelJSON {
    /// The raw value bytes of the requested top-level members, or nil when `bytes` is not one
    /// complete JSON object. Members not present are absent from the result.
    static func members(_ wanted: Set<String>, in bytes: Data) -> [String: Data]? {
        var scanner = Scanner(bytes: [UInt8](bytes))
        return scanner.topLevel(wanted)
    }

    private struct Scanner {
        let bytes: [UInt8]
        var position = 0

        mutating func topLevel(_ wanted: Set<String>) -> [String: Data]? {
            var found: [String: Data] = [:]
            skipSpace()
            guard take(UInt8(ascii: "{")) else { return nil }
            skipSpace()
            if take(UInt8(ascii: "}")) { return finish(found) }
            while true {
                skipSpace()
                let keyStart = position
                guard skipString() else { return nil }
                let key = String(decoding: bytes[(keyStart + 1)..<(position - 1)], as: UTF8.self)
                skipSpace()
                guard take(UInt8(ascii: ":")) else { return nil }
                skipSpace()
                let valueStart = position
                guard skipValue() else { return nil }
                if wanted.contains(key) { found[key] = Data(bytes[valueStart..<position]) }
                skipSpace()
                if take(UInt8(ascii: ",")) { continue }
                guard take(UInt8(ascii: "}")) else { return nil }
                return finish(found)
            }
        }

        private mutating func finish(_ found: [String: Data]) -> [String: Data]? {
            skipSpace()
            return position == bytes.count ? found : nil
        }

        private mutating func take(_ byte: UInt8) -> Bool {
            guard position < bytes.count, bytes[position] == byte else { return false }
            position += 1
            return true
        }

        private mutating func skipSpace() {
            while position < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) { position += 1 }
        }

        /// Skips a string starting at a quote; false when unterminated.
        private mutating func skipString() -> Bool {
            guard take(UInt8(ascii: "\"")) else { return false }
            while position < bytes.count {
                let byte = bytes[position]
                position += 1
                if byte == UInt8(ascii: "\\") {
                    position += 1
                } else if byte == UInt8(ascii: "\"") {
                    return true
                }
            }
            return false
        }

        /// Skips one value: a string, a bracketed structure, or a bare literal/number.
        private mutating func skipValue() -> Bool {
            guard position < bytes.count else { return false }
            switch bytes[position] {
            case UInt8(ascii: "\""):
                return skipString()
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                var stack: [UInt8] = []
                while position < bytes.count {
                    let byte = bytes[position]
                    switch byte {
                    case UInt8(ascii: "\""):
                        guard skipString() else { return false }
                        continue
                    case UInt8(ascii: "{"): stack.append(UInt8(ascii: "}"))
                    case UInt8(ascii: "["): stack.append(UInt8(ascii: "]"))
                    case UInt8(ascii: "}"), UInt8(ascii: "]"):
                        guard stack.popLast() == byte else { return false }
                        if stack.isEmpty {
                            position += 1
                            return true
                        }
                    default: break
                    }
                    position += 1
                }
                return false
            default:
                let start = position
                while position < bytes.count,
                    !([0x2C, 0x7D, 0x5D, 0x20, 0x09, 0x0A, 0x0D] as [UInt8]).contains(bytes[position])
                {
                    position += 1
                }
                return position > start
            }
        }
    }
}
