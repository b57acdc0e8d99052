/// Decides the number of items admitted at once from resource samples: halves it (never
/// below 1) while memory or CPU is above its threshold, and raises it by one per sample once
/// both are below 90 % of their thresholds, up to the configured maximum. Stage limits scale
/// in proportion. Pure: no clock, no I/O; the batch loop feeds it samples.
public struct ResourceGovernor: Sendable, Hashable {
    /// A limit change and why it happened.
    public struct Change: Sendable, Hashable {
        /// The limit before.
        public var from: Int
        /// The limit after.
        public var to: Int
        /// The reading that caused it, in words.
        public var reason: String
    }

    /// The configured number of items in flight.
    public let maxItems: Int
    /// Memory threshold, in MiB.
    public let memoryThresholdMB: Double
    /// CPU threshold, in percent of all cores.
    public let cpuThresholdPercent: Double
    /// The share of a threshold below which pressure counts as gone. 0.9.
    public static let recoveryFraction = 0.9
    /// The current number of items admitted at once (1…`maxItems`).
    public private(set) var itemLimit: Int

    /// Creates a governor starting at `maxItems`.
    public init(maxItems: Int, memoryThresholdMB: Double, cpuThresholdPercent: Double) {
        self.maxItems = max(1, maxItems)
        self.memoryThresholdMB = memoryThresholdMB
        self.cpuThresholdPercent = cpuThresholdPercent
        self.itemLimit = max(1, maxItems)
    }

    /// Creates a governor from a configuration's thresholds and `max_items_in_flight`.
    public init(configuration: EngineConfiguration) {
        self.init(
            maxItems: configuration.maxItemsInFlight, memoryThresholdMB: configuration.memoryThresholdMB,
            cpuThresholdPercent: configuration.cpuThresholdPercent)
    }

    /// Feeds one sample; returns the change of `itemLimit`, if any.
    public mutating func evaluate(_ sample: ResourceSample) -> Change? {
        var pressure: [String] = []
        var calm = true
        if let memory = sample.residentMemoryMB {
            if memory > memoryThresholdMB {
                pressure.append("memory \(Self.format(memory)) MB > \(Self.format(memoryThresholdMB)) MB")
            }
            if memory >= memoryThresholdMB * Self.recoveryFraction { calm = false }
        }
        if let cpu = sample.cpuPercent {
            if cpu > cpuThresholdPercent {
                pressure.append("cpu \(Self.format(cpu)) % > \(Self.format(cpuThresholdPercent)) %")
            }
            if cpu >= cpuThresholdPercent * Self.recoveryFraction { calm = false }
        }
        let before = itemLimit
        if !pressure.isEmpty {
            itemLimit = max(1, itemLimit / 2)
            guard itemLimit != before else { return nil }
            return Change(from: before, to: itemLimit, reason: pressure.joined(separator: ", "))
        }
        guard calm, itemLimit < maxItems else { return nil }
        itemLimit += 1
        let memory = sample.residentMemoryMB.map { "memory \(Self.format($0)) MB" } ?? "memory unknown"
        let cpu = sample.cpuPercent.map { "cpu \(Self.format($0)) %" } ?? "cpu unknown"
        return Change(from: before, to: itemLimit, reason: "pressure fell: \(memory), \(cpu)")
    }

    /// The limit of a stage configured for `configured` items, scaled like the item limit
    /// (rounded up, at least 1).
    public func stageLimit(configured: Int) -> Int {
        guard itemLimit < maxItems else { return configured }
        let scaled = (Double(configured) * Double(itemLimit) / Double(maxItems)).rounded(.up)
        return max(1, min(configured, Int(scaled)))
    }

    private static func format(_ value: Double) -> String {
        String(Int(value.rounded()))
    }
}
