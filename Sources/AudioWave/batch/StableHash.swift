/// Hashes that are the same in every process, on every machine and in every Swift version
/// (unlike `Hasher`, which is seeded per process), for sharding and configuration identity.
public enum StableHash {
    /// FNV-1a, 64-bit, over the UTF-8 bytes of `text`.
    ///
    /// Offset basis 0xcbf29ce484222325, prime 0x100000001b3 (Fowler, Noll, Vo; IETF draft
    /// draft-eastlake-fnv). `fnv1a64("a") == 0xaf63dc4c8601ec8c`.
    public static func fnv1a64(_ text: String) -> UInt64 {
        fnv1a64(bytes: text.utf8)
    }

    /// FNV-1a, 64-bit, over a byte sequence.
    public static func fnv1a64<Bytes: Sequence>(bytes: Bytes) -> UInt64 where Bytes.Element == UInt8 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        return hash
    }

    /// MurmurHash3's 64-bit finaliser (`fmix64`): spreads every input bit over every output bit.
    ///
    /// FNV-1a alone is a poor choice for `hash % n` when `n` is a power of two: its low k bits
    /// depend only on the low k bits of each byte. Applying `fmix64` first fixes that.
    public static func mix64(_ value: UInt64) -> UInt64 {
        var x = value
        x ^= x >> 33
        x &*= 0xff51_afd7_ed55_8ccd
        x ^= x >> 33
        x &*= 0xc4ce_b9fe_1a85_ec53
        x ^= x >> 33
        return x
    }

    /// The shard hash of a relative path: `mix64(fnv1a64(path))`.
    public static func shardHash(_ relativePath: String) -> UInt64 {
        mix64(fnv1a64(relativePath))
    }
}
