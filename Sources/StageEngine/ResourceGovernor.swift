/// Decides the number of items admitted at once from resource samples: halves it (never
/// below 1) while this process's memory is above its threshold, the memory still available (machine or
/// container) is below its floor, or the machine's CPU is above its threshold; and raises it by one per
/// sample once every reading is back within 90 % of its limit, up to the configured maximum. Stage limits
/// scale in proportion. Pure: no clock, no I/O; the batch loop feeds it samples.
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
    /// CPU threshold, in percent of all cores of the machine.
    public let cpuThresholdPercent: Double
    /// Floor of the memory still available to new work (machine or cgroup), in MiB; 0 switches it off.
    public let minAvailableMemoryMB: Double
    /// The share of a threshold below which pressure counts as gone. 0.9.
    public static let recoveryFraction = 0.9
    /// The current number of items admitted at once (1…`maxItems`).
    public private(set) var itemLimit: Int

    /// Creates a governor starting at `maxItems`.
    public init(
        maxItems: Int, memoryThresholdMB: Double, cpuThresholdPercent: Double, minAvailableMemoryMB: Double = 0
    ) {
        self.maxItems = max(1, maxItems)
        self.memoryThresholdMB = memoryThresholdMB
        self.cpuThresholdPercent = cpuThresholdPercent
        self.minAvailableMemoryMB = minAvailableMemoryMB
        self.itemLimit = max(1, maxItems)
    }

    /// Creates a governor from a configuration's thresholds and `max_items_in_flight`.
    public init(configuration: EngineConfiguration) {
        self.init(
            maxItems: configuration.maxItemsInFlight, memoryThresholdMB: configuration.memoryThresholdMB,
            cpuThresholdPercent: configuration.cpuThresholdPercent,
            minAvailableMemoryMB: configuration.minAvailableMemoryMB)
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
        if let available = sample.availableMemoryMB, minAvailableMemoryMB > 0 {
            if available < minAvailableMemoryMB {
                pressure.append(
                    "available memory \(Self.format(available)) MB < \(Self.format(minAvailableMemoryMB)) MB")
            }
            if available * Self.recoveryFraction <= minAvailableMemoryMB { calm = false }
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
        let available = sample.availableMemoryMB.map { ", available \(Self.format($0)) MB" } ?? ""
        let cpu = sample.cpuPercent.map { "cpu \(Self.format($0)) %" } ?? "cpu unknown"
        return Change(from: before, to: itemLimit, reason: "pressure fell: \(memory)\(available), \(cpu)")
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
