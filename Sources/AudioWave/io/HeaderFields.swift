/// Unsigned integers as container headers store them, read from a slice of the header's bytes (at most 8).
extension ArraySlice where Element == UInt8 {
    /// The bytes as a little-endian integer (Ogg pages, ASF objects).
    var littleEndianValue: UInt64 {
        reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
    }

    /// The bytes as a big-endian integer (CAF chunks).
    var bigEndianValue: UInt64 {
        reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
    }

    /// The bytes in the given byte order (IFF big-endian, RIFF little-endian).
    func value(bigEndian: Bool) -> UInt64 {
        bigEndian ? bigEndianValue : littleEndianValue
    }
}
