import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One reading of the process's resource use. `nil` fields are unknown (the governor ignores them).
public struct ResourceSample: Sendable, Codable, Hashable {
    /// Resident set size, in MiB.
    public var residentMemoryMB: Double?
    /// CPU used by the process since the previous sample, in percent of all cores (0…100).
    public var cpuPercent: Double?

    /// Creates a sample.
    public init(residentMemoryMB: Double?, cpuPercent: Double?) {
        self.residentMemoryMB = residentMemoryMB
        self.cpuPercent = cpuPercent
    }

    enum CodingKeys: String, CodingKey {
        case residentMemoryMB = "resident_memory_mb"
        case cpuPercent = "cpu_percent"
    }
}

/// A source of resource readings for the governor. Tests inject fixed or scripted values.
public protocol ResourceProbe: Sendable {
    /// Reads the process's current memory and recent CPU use.
    func sample() -> ResourceSample
}

/// Reads the current process's resources from Linux `/proc`: RSS from `/proc/self/statm`,
/// CPU from the change of `utime + stime` in `/proc/self/stat` between two samples, divided
/// by the elapsed time and the number of active cores. Where `/proc` is missing, fields are `nil`.
public final class ProcResourceProbe: ResourceProbe {
    private struct Previous {
        var cpuSeconds: Double
        var instant: ContinuousClock.Instant
    }

    private let previous = Locked<Previous?>(nil)
    private let clock = ContinuousClock()
    private let pageSize: Double
    private let ticksPerSecond: Double
    private let cores: Double

    /// Creates a probe; the first sample reports CPU since this call.
    public init() {
        #if canImport(Glibc)
            pageSize = Double(max(1, sysconf(Int32(_SC_PAGESIZE))))
            ticksPerSecond = Double(max(1, sysconf(Int32(_SC_CLK_TCK))))
        #else
            pageSize = 4096
            ticksPerSecond = 100
        #endif
        cores = Double(max(1, ProcessInfo.processInfo.activeProcessorCount))
        if let seconds = Self.readCPUSeconds(ticksPerSecond: ticksPerSecond) {
            previous.withLock { $0 = Previous(cpuSeconds: seconds, instant: clock.now) }
        }
    }

    /// Reads RSS and CPU use since the previous sample.
    public func sample() -> ResourceSample {
        let memory = Self.readResidentPages().map { $0 * pageSize / 1_048_576 }
        guard let seconds = Self.readCPUSeconds(ticksPerSecond: ticksPerSecond) else {
            return ResourceSample(residentMemoryMB: memory, cpuPercent: nil)
        }
        let now = clock.now
        let cpu: Double? = previous.withLock { previous in
            defer { previous = Previous(cpuSeconds: seconds, instant: now) }
            guard let last = previous else { return nil }
            let wall = last.instant.duration(to: now) / .seconds(1)
            guard wall > 0 else { return nil }
            return min(100, max(0, (seconds - last.cpuSeconds) / wall / cores * 100))
        }
        return ResourceSample(residentMemoryMB: memory, cpuPercent: cpu)
    }

    /// Resident pages: the second field of `/proc/self/statm`.
    static func readResidentPages() -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return nil }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Double(fields[1]) else { return nil }
        return pages
    }

    /// `utime + stime` of `/proc/self/stat` (fields 14 and 15), in seconds.
    static func readCPUSeconds(ticksPerSecond: Double) -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8) else { return nil }
        // The command name (field 2) is parenthesised and may hold spaces: parse after the last ')'.
        guard let close = text.lastIndex(of: ")") else { return nil }
        let rest = text[text.index(after: close)...].split(separator: " ")
        // rest[0] is field 3 (state), so field n is rest[n - 3].
        guard rest.count > 12, let user = Double(rest[11]), let system = Double(rest[12]) else { return nil }
        return (user + system) / ticksPerSecond
    }
}

/// A probe that always returns the same reading (tests, or to switch the governor's inputs off).
public struct FixedResourceProbe: ResourceProbe {
    /// The reading returned by every sample.
    public var reading: ResourceSample

    /// Creates a probe returning `reading`.
    public init(_ reading: ResourceSample = ResourceSample(residentMemoryMB: nil, cpuPercent: nil)) {
        self.reading = reading
    }

    /// Returns `reading`.
    public func sample() -> ResourceSample { reading }
}
