import Foundation

/// Finds the number that made a configuration fail to decode, for a message naming its field.
///
/// Foundation's `JSONDecoder` reports a number that does not fit the field's type (`1e400` for a `Double`,
/// `1e30` or `1.5` for an `Int`) as "The given data was not valid JSON." with an empty coding path, the same
/// words as a real syntax error. This scans the text for number literals with their field paths, then finds
/// the one whose replacement by `0` lets decoding get further.
public enum JSONNumberDiagnosis {
    /// A number literal of a JSON text.
    public struct Literal: Sendable, Equatable {
        /// Its field path, dotted, with array indices in brackets: `stage_overrides.deep_analysis.timeout_seconds`.
        public var field: String
        /// The literal as written.
        public var text: String
        /// Its byte range in the text.
        var range: Range<Int>

        /// Why the literal cannot be read: out of the range of every JSON number Swift reads (a `Double`), too
        /// large for an integer, or not a whole number where an integer is expected.
        public var reason: String {
            let value = Double(text) ?? .nan
            if !value.isFinite || (value == 0 && text.contains(where: { ("1"..."9").contains($0) })) {
                return "\(text) is out of range: a number must be a finite double (magnitude at most 1.8e308)"
            }
            if value.rounded() != value { return "\(text) is not a whole number, and this field takes an integer" }
            if abs(value) >= 0x1p63 {
                return "\(text) is out of range for this integer field (at most \(Int.max) in magnitude)"
            }
            return "\(text) cannot be read as this field's type (write an integer as digits only)"
        }
    }

    /// The number literal that makes `decodes` fail, when replacing it lets decoding get further.
    /// - Parameters:
    ///   - data: The JSON text that failed to decode.
    ///   - decodes: Whether a variant of the text gets past the failure (decodes, or fails differently).
    /// - Returns: The first literal that, replaced by `0`, gets past the failure; when it takes several, the first
    ///   of them in text order; nil when no replacement helps (a real syntax error).
    public static func culprit(in data: Data, decodes: (Data) -> Bool) -> Literal? {
        let bytes = [UInt8](data)
        let literals = numberLiterals(in: bytes)
        func replacing(_ chosen: [Int]) -> Data {
            var result = bytes
            for index in chosen.reversed() { result.replaceSubrange(literals[index].range, with: [UInt8(ascii: "0")]) }
            return Data(result)
        }
        for index in literals.indices where decodes(replacing([index])) { return literals[index] }
        // Several bad numbers: the fewest leading literals whose replacement helps, then the first of them that
        // is needed (the others replaced, it alone still fails).
        guard !literals.isEmpty, let count = (1...literals.count).first(where: { decodes(replacing(Array(0..<$0))) })
        else { return nil }
        let prefix = Array(0..<count)
        let first = prefix.first { index in !decodes(replacing(prefix.filter { $0 != index })) }
        return first.map { literals[$0] }
    }

    /// Every number literal outside strings, with its field path; scanning stops at the first syntax error.
    static func numberLiterals(in bytes: [UInt8]) -> [Literal] {
        enum Container {
            case object(key: String?)
            case array(index: Int)
        }
        var stack: [Container] = []
        var literals: [Literal] = []
        var position = 0
        func path() -> String {
            var text = ""
            for container in stack {
                switch container {
                case .object(let key): text += (text.isEmpty ? "" : ".") + (key ?? "")
                case .array(let index): text += "[\(index)]"
                }
            }
            return text
        }
        /// Skips a string starting at `position` (a quote); returns its content, nil when it is not closed.
        func string() -> String? {
            let start = position + 1
            var index = start
            while index < bytes.count {
                switch bytes[index] {
                case UInt8(ascii: "\\"): index += 2
                case UInt8(ascii: "\""):
                    position = index + 1
                    return String(decoding: bytes[start..<index], as: UTF8.self)
                default: index += 1
                }
            }
            return nil
        }
        var expectsKey = false
        while position < bytes.count {
            let byte = bytes[position]
            switch byte {
            case UInt8(ascii: "{"):
                stack.append(.object(key: nil))
                expectsKey = true
                position += 1
            case UInt8(ascii: "["):
                stack.append(.array(index: 0))
                expectsKey = false
                position += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                _ = stack.popLast()
                position += 1
            case UInt8(ascii: ","):
                if case .array(let index) = stack.last {
                    stack[stack.count - 1] = .array(index: index + 1)
                } else {
                    expectsKey = true
                }
                position += 1
            case UInt8(ascii: "\""):
                guard let text = string() else { return literals }
                if expectsKey, case .object = stack.last {
                    stack[stack.count - 1] = .object(key: text)
                    expectsKey = false
                }
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                let start = position
                while position < bytes.count, Self.isNumberByte(bytes[position]) { position += 1 }
                literals.append(
                    Literal(
                        field: path(), text: String(decoding: bytes[start..<position], as: UTF8.self),
                        range: start..<position))
            default:
                position += 1
            }
        }
        return literals
    }

    private static func isNumberByte(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+")
            || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
    }
}
