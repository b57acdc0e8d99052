/// Whether a block of samples holds only finite values, in one pass the optimiser vectorises.
///
/// A `Float` is NaN or infinite exactly when its 8 exponent bits are all ones. Adding one to the exponent field
/// carries into the sign bit only then, so OR-ing `(bits & exponentMask) + exponentOne` over the block leaves the
/// sign bit set iff some sample is not finite. Integer OR is associative, so unlike a floating-point test with an
/// early exit (`allSatisfy(\.isFinite)`, a branch per sample) the loop runs as vector operations.
enum FiniteSamples {
    static func allFinite(_ samples: UnsafeBufferPointer<Float>) -> Bool {
        let exponentMask: UInt32 = 0x7F80_0000
        let exponentOne: UInt32 = 0x0080_0000
        var flags: UInt32 = 0
        for sample in samples { flags |= (sample.bitPattern & exponentMask) &+ exponentOne }
        return flags & 0x8000_0000 == 0
    }
}
