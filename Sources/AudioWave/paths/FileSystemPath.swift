/// File names are bytes; Swift strings are Unicode. This is the one mapping between the two, so that
/// a file whose name is not valid UTF-8 can still be found, opened and named.
///
/// - ``string(fromBytes:)`` turns a path's bytes into a string **losslessly**: valid UTF-8 is decoded
///   as usual; a byte `b` that is not part of valid UTF-8 becomes the private-use scalar `U+10FF00 + b`
///   (`U+10FF80`…`U+10FFFF`, the end of plane 16). A name that really contains one of those scalars
///   (as valid UTF-8, `F4 8F BE/BF xx`) has its four bytes escaped the same way, so the mapping stays
///   one-to-one.
/// - ``bytes(of:)`` (and ``cString(_:)``) is its inverse: what the system calls receive.
/// - ``display(_:)`` is what people and reports read: valid UTF-8 as is, each invalid byte as `\xHH`
///   (two upper-case hex digits), e.g. `caf\xE9.wav` for `café.wav` written in Latin-1.
///
/// A string that holds no scalar of the escape range (every ordinary Swift string) maps to its plain
/// UTF-8 bytes, so paths that are valid UTF-8 behave exactly as before.
package enum FileSystemPath {
    /// A byte `b` (0x80…0xFF) outside valid UTF-8 is carried as the scalar `escapeBase + b`.
    static let escapeBase: UInt32 = 0x10_FF00
    /// The first scalar of the escape range.
    static let firstEscape: UInt32 = escapeBase + 0x80

    /// The lossless string for a path's bytes (see the type's documentation).
    package static func string(fromBytes bytes: some Collection<UInt8>) -> String {
        let array = Array(bytes)
        if let text = String(validating: array, as: UTF8.self), !text.utf8.contains(0xF4) { return text }
        var scalars = String.UnicodeScalarView()
        var index = 0
        while index < array.count {
            let length = validSequenceLength(array, at: index)
            if length == 0 {
                scalars.append(escape(array[index]))
                index += 1
                continue
            }
            let sequence = array[index..<index + length]
            let decoded = String(decoding: sequence, as: UTF8.self).unicodeScalars
            if let scalar = decoded.first, scalar.value >= firstEscape {
                for byte in sequence { scalars.append(escape(byte)) }  // keep the mapping one-to-one
            } else {
                scalars.append(contentsOf: decoded)
            }
            index += length
        }
        return String(scalars)
    }

    /// The bytes a lossless string stands for: the inverse of ``string(fromBytes:)``.
    package static func bytes(of string: String) -> [UInt8] {
        guard string.utf8.contains(0xF4) else { return Array(string.utf8) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(string.utf8.count)
        for scalar in string.unicodeScalars {
            if scalar.value >= firstEscape {
                bytes.append(UInt8(scalar.value - escapeBase))
            } else {
                bytes.append(contentsOf: String(scalar).utf8)
            }
        }
        return bytes
    }

    /// The NUL-terminated bytes for a system call (`open`, `stat`, …).
    package static func cString(_ string: String) -> [CChar] {
        bytes(of: string).map { CChar(bitPattern: $0) } + [0]
    }

    /// The length of the path in bytes, as the system counts it (without the terminating NUL).
    package static func byteCount(_ string: String) -> Int {
        string.utf8.contains(0xF4) ? bytes(of: string).count : string.utf8.count
    }

    /// Whether the path's bytes are not valid UTF-8 (its ``display(_:)`` then differs from the bytes).
    package static func hasInvalidBytes(_ string: String) -> Bool {
        string.unicodeScalars.contains { $0.value >= firstEscape }
    }

    /// What people and reports read: valid UTF-8 as is, every byte outside it as `\xHH`.
    package static func display(_ string: String) -> String {
        guard string.utf8.contains(0xF4) else { return string }
        let array = bytes(of: string)
        var text = ""
        var index = 0
        while index < array.count {
            let length = validSequenceLength(array, at: index)
            if length == 0 {
                text += "\\x" + String(array[index], radix: 16, uppercase: true)
                index += 1
            } else {
                text += String(decoding: array[index..<index + length], as: UTF8.self)
                index += length
            }
        }
        return text
    }

    private static func escape(_ byte: UInt8) -> Unicode.Scalar {
        // escapeBase + 0x80...0xFF is below 0x110000 and outside the surrogates: always a scalar.
        Unicode.Scalar(escapeBase + UInt32(byte)) ?? "?"
    }

    /// The length of the well-formed UTF-8 sequence starting at `index` (RFC 3629, Unicode table 3-7),
    /// or 0 when the byte there does not start one.
    static func validSequenceLength(_ bytes: [UInt8], at index: Int) -> Int {
        let lead = bytes[index]
        func continuation(_ offset: Int, _ range: ClosedRange<UInt8> = 0x80...0xBF) -> Bool {
            index + offset < bytes.count && range.contains(bytes[index + offset])
        }
        switch lead {
        case 0x00...0x7F: return 1
        case 0xC2...0xDF: return continuation(1) ? 2 : 0
        case 0xE0: return continuation(1, 0xA0...0xBF) && continuation(2) ? 3 : 0
        case 0xED: return continuation(1, 0x80...0x9F) && continuation(2) ? 3 : 0
        case 0xE1...0xEF: return continuation(1) && continuation(2) ? 3 : 0
        case 0xF0: return continuation(1, 0x90...0xBF) && continuation(2) && continuation(3) ? 4 : 0
        case 0xF1...0xF3: return continuation(1) && continuation(2) && continuation(3) ? 4 : 0
        case 0xF4: return continuation(1, 0x80...0x8F) && continuation(2) && continuation(3) ? 4 : 0
        default: return 0
        }
    }
}
