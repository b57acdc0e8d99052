/// How urgently a call's items get a place: a free place (among `max_items_in_flight`, and inside each
/// stage) goes to the waiting item of the highest priority, and among equals to the one that has waited
/// longest. Priority orders the waiting line only: it never evicts an item already running.
///
/// ```swift
/// let interactive = await engine.runOne(upload, priority: .high)     // ahead of any waiting batch item
/// let report = await engine.runBatch(backlog, priority: .low) { _ in }
/// ```
public enum ItemPriority: Int, Sendable, Codable, Hashable, CaseIterable, Comparable {
    /// Background work: runs when nothing else waits.
    case low = 0
    /// The default.
    case normal = 1
    /// Ahead of normal and low items.
    case high = 2

    /// `low < normal < high`.
    public static func < (lhs: ItemPriority, rhs: ItemPriority) -> Bool { lhs.rawValue < rhs.rawValue }
}
