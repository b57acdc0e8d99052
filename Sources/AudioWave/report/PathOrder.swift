/// The one order of relative paths in every listing AudioWave writes: scans, CSV rows, merges,
/// resume indexes. Byte order of the UTF-8 form, so it does not depend on locale or platform.
public enum PathOrder {
    /// Whether `lhs` sorts before `rhs`.
    public static func precedes(_ lhs: String, _ rhs: String) -> Bool {
        lhs.utf8.lexicographicallyPrecedes(rhs.utf8)
    }
}
