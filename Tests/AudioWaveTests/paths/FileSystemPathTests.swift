import Testing

@testable import AudioWavePaths

@Suite("FileSystemPath: names as bytes")
struct FileSystemPathTests {
    @Test("valid UTF-8 maps to the same string and back to the same bytes")
    func validUTF8() {
        for name in ["take3.wav", "café/ü.wav", "日本語.flac", "a\\xE9.wav", "🎵.mp3", ""] {
            #expect(FileSystemPath.string(fromBytes: Array(name.utf8)) == name)
            #expect(FileSystemPath.bytes(of: name) == Array(name.utf8))
            #expect(FileSystemPath.display(name) == name)
            #expect(!FileSystemPath.hasInvalidBytes(name))
        }
    }

    @Test("bytes that are not UTF-8 survive the round trip and are shown as \\xHH")
    func invalidBytes() {
        let latin1: [UInt8] = Array("caf".utf8) + [0xE9] + Array(".wav".utf8)
        let string = FileSystemPath.string(fromBytes: latin1)
        #expect(FileSystemPath.bytes(of: string) == latin1)
        #expect(FileSystemPath.display(string) == "caf\\xE9.wav")
        #expect(FileSystemPath.hasInvalidBytes(string))
        #expect(FileSystemPath.byteCount(string) == latin1.count)
        #expect(FileSystemPath.cString(string).map { UInt8(bitPattern: $0) } == latin1 + [0])
        // A truncated sequence, an overlong form, a surrogate, a lone continuation byte, 0xFF.
        let odd: [UInt8] = [0x61, 0xE2, 0x82, 0x2F, 0xC0, 0xAF, 0xED, 0xA0, 0x80, 0x80, 0xFF]
        let oddString = FileSystemPath.string(fromBytes: odd)
        #expect(FileSystemPath.bytes(of: oddString) == odd)
        #expect(FileSystemPath.display(oddString) == "a\\xE2\\x82/\\xC0\\xAF\\xED\\xA0\\x80\\x80\\xFF")
    }

    @Test("a name that really holds a scalar of the escape range stays distinct from the escaped bytes")
    func escapeRangeIsOneToOne() {
        let genuine: [UInt8] = Array("\u{10FF80}".utf8)  // F4 8F BE 80, valid UTF-8
        let escaped: [UInt8] = [0x80]
        let a = FileSystemPath.string(fromBytes: genuine)
        let b = FileSystemPath.string(fromBytes: escaped)
        #expect(a != b)
        #expect(FileSystemPath.bytes(of: a) == genuine)
        #expect(FileSystemPath.bytes(of: b) == escaped)
        #expect(FileSystemPath.display(a) == "\u{10FF80}")
        #expect(FileSystemPath.display(b) == "\\x80")
    }

    @Test("every byte sequence round-trips, and different sequences give different strings")
    func roundTripIsLossless() {
        var generator = SplitMix(seed: 14)
        var seen: [String: [UInt8]] = [:]
        let alphabet: [UInt8] = [
            0x2F, 0x2E, 0x61, 0x80, 0x8F, 0xBE, 0xBF, 0xC3, 0xA9, 0xE2, 0x82, 0xAC, 0xF0, 0xF4, 0xFF,
        ]
        for _ in 0..<5000 {
            let length = Int(generator.nextUnit() * 9)
            let bytes = (0..<length).map { _ in alphabet[Int(generator.nextUnit() * Double(alphabet.count))] }
            let string = FileSystemPath.string(fromBytes: bytes)
            #expect(FileSystemPath.bytes(of: string) == bytes)
            if let earlier = seen[string] { #expect(earlier == bytes) }
            seen[string] = bytes
        }
    }
}
