import Foundation
import Testing

@testable import AudioWave
@testable import AudioWaveBatch

@Suite("StableHash and ConfigHash")
struct StableHashTests {
    @Test("FNV-1a 64 matches the published test vectors")
    func fnvVectors() {
        #expect(StableHash.fnv1a64("") == 0xcbf2_9ce4_8422_2325)
        #expect(StableHash.fnv1a64("a") == 0xaf63_dc4c_8601_ec8c)
        #expect(StableHash.fnv1a64("foobar") == 0x8594_4171_f739_67e8)
    }

    @Test("the shard hash of a path is a fixed number, the same in every process")
    func shardHashFixed() {
        // Pinned: changing it would reshuffle every running sharded batch.
        #expect(StableHash.shardHash("album/01.flac") == StableHash.mix64(StableHash.fnv1a64("album/01.flac")))
        #expect(ConfigHash.hex(StableHash.shardHash("a")) == ConfigHash.hex(StableHash.mix64(0xaf63_dc4c_8601_ec8c)))
        #expect(StableHash.mix64(0) == 0)
        #expect(StableHash.mix64(1) != 1)
    }

    private struct Configuration: Encodable {
        var zeta: Int
        var alpha: String
        var nested: [String: Double]
    }

    @Test("the config hash is 16 hex digits of FNV-1a over sorted-key compact JSON")
    func configHash() throws {
        let configuration = Configuration(zeta: 1, alpha: "x/y", nested: ["b": 2, "a": 1])
        let json = try ConfigHash.canonicalJSON(configuration)
        #expect(String(decoding: json, as: UTF8.self) == #"{"alpha":"x/y","nested":{"a":1,"b":2},"zeta":1}"#)
        let hex = try ConfigHash.hex(of: configuration)
        #expect(hex == ConfigHash.hex(StableHash.fnv1a64(bytes: json)))
        #expect(hex.count == 16 && hex.allSatisfy { $0.isHexDigit && !$0.isUppercase })
    }

    @Test("equal configurations hash equal, different ones differ")
    func configHashDistinguishes() throws {
        let a = try ConfigHash.hex(of: Configuration(zeta: 1, alpha: "x", nested: ["a": 1, "b": 2]))
        let b = try ConfigHash.hex(of: Configuration(zeta: 1, alpha: "x", nested: ["b": 2, "a": 1]))
        let c = try ConfigHash.hex(of: Configuration(zeta: 2, alpha: "x", nested: ["a": 1, "b": 2]))
        #expect(a == b)
        #expect(a != c)
        #expect(ConfigHash.hex(0xf) == "000000000000000f")
    }
}
