/// Where and why the quality gate ended an item early.
public struct EarlyExitReport: Sendable, Codable, Hashable {
    /// The snake_case name of the stage after which the item ended, e.g. `"initial_analysis"`.
    public var stage: String
    /// The quality score that reached the threshold, 0...1.
    public var quality: Double

    /// Creates an early-exit record.
    public init(stage: String, quality: Double) {
        self.stage = stage
        self.quality = quality
    }
}
