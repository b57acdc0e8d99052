import AudioWaveReport

/// How ``TagWriter`` writes BPM and key: the confidence a value needs, the key's notation, and whether to write
/// at all (`--tag-min-confidence`, `--key-notation`, `--dry-run`).
public struct TagWriteOptions: Sendable, Hashable {
    /// The confidence (0...1) the tempo or the key needs in the report to be written; each field is judged on its
    /// own. Default 0.5.
    public var minConfidence: Double
    /// How the key is written. Default ``KeyNotation/standard`` (`"F#m"`, the ID3v2 `TKEY` form).
    public var keyNotation: KeyNotation
    /// Read the tags and report what would change, but never open the file for writing. Default false.
    public var dryRun: Bool

    /// Creates options; every argument has its default.
    public init(minConfidence: Double = 0.5, keyNotation: KeyNotation = .standard, dryRun: Bool = false) {
        self.minConfidence = minConfidence
        self.keyNotation = keyNotation
        self.dryRun = dryRun
    }

    /// Rejects a threshold outside 0...1 (or not a number), naming the field as reports spell it.
    public func validate() throws(TagOptionsError) {
        guard minConfidence.isFinite, (0...1).contains(minConfidence) else {
            throw TagOptionsError(field: "min_confidence", reason: "must be in 0...1, got \(minConfidence)")
        }
    }
}
