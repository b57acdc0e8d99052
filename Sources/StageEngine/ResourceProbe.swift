import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One reading of the machine's and the process's resources. `nil` fields are unknown (the governor ignores
/// them).
public struct ResourceSample: Sendable, Codable, Hashable {
    /// This process's resident set size, in MiB.
    public var residentMemoryMB: Double?
    /// CPU used by the machine's other processes since the previous sample, in percent of all cores
    /// (0…100): what `cpu_threshold_percent` is compared with. Other work on the machine makes the governor
    /// back off; this process keeping every core busy with its own analyses does not throttle it.
    public var cpuPercent: Double?
    /// CPU used by every process of the machine since the previous sample, in percent of all cores;
    /// reported, not governed.
    public var machineCPUPercent: Double?
    /// CPU used by this process since the previous sample, in percent of all cores (0…100); reported, not
    /// governed.
    public var processCPUPercent: Double?
    /// Memory a new workload can still get, in MiB: the smaller of the kernel's `MemAvailable` and, in a
    /// cgroup with a memory limit (a container), the limit minus the cgroup's working set.
    public var availableMemoryMB: Double?
    /// The cgroup's memory limit when there is one, else the machine's `MemTotal`, in MiB.
    public var memoryLimitMB: Double?

    /// Creates a sample.
    public init(
        residentMemoryMB: Double?, cpuPercent: Double?, processCPUPercent: Double? = nil,
        availableMemoryMB: Double? = nil, memoryLimitMB: Double? = nil, machineCPUPercent: Double? = nil
    ) {
        self.residentMemoryMB = residentMemoryMB
        self.cpuPercent = cpuPercent
        self.machineCPUPercent = machineCPUPercent
        self.processCPUPercent = processCPUPercent
        self.availableMemoryMB = availableMemoryMB
        self.memoryLimitMB = memoryLimitMB
    }

    enum CodingKeys: String, CodingKey {
        case residentMemoryMB = "resident_memory_mb"
        case cpuPercent = "cpu_percent"
        case processCPUPercent = "process_cpu_percent"
        case machineCPUPercent = "machine_cpu_percent"
        case availableMemoryMB = "available_memory_mb"
        case memoryLimitMB = "memory_limit_mb"
    }
}

/// A source of resource readings for the governor. Tests inject fixed or scripted values.
public protocol ResourceProbe: Sendable {
    /// Reads current memory and recent CPU use.
    func sample() -> ResourceSample
}

/// Reads resources from Linux `/proc` and the cgroup filesystem (``SystemReadings`` says which files):
/// machine CPU from `/proc/stat` deltas, this process's CPU from `/proc/self/stat` deltas (the governed
/// figure is the difference: the load of other processes), RSS from
/// `/proc/self/statm`, available memory from `/proc/meminfo` and the cgroup's limit and working set. Where
/// a file is missing (macOS has no `/proc`), its fields are `nil` and the governor ignores them.
public final class ProcResourceProbe: ResourceProbe {
    private struct Previous {
        var processSeconds: Double?
        var machine: (busy: Double, total: Double)?
        var instant: ContinuousClock.Instant
    }

    private let previous = Locked<Previous?>(nil)
    private let clock = ContinuousClock()
    private let root: String
    private let pageSize: Double
    private let ticksPerSecond: Double
    private let cores: Double

    /// Creates a probe; the first sample reports CPU since this call.
    /// - Parameter root: the folder holding `proc/` and `sys/`: "/" (the default), or crafted files in tests.
    public init(root: String = "/") {
        self.root = root.hasSuffix("/") ? root : root + "/"
        #if canImport(Glibc)
            pageSize = Double(max(1, sysconf(Int32(_SC_PAGESIZE))))
            ticksPerSecond = Double(max(1, sysconf(Int32(_SC_CLK_TCK))))
        #else
            pageSize = 4096
            ticksPerSecond = 100
        #endif
        cores = Double(max(1, ProcessInfo.processInfo.activeProcessorCount))
        let first = Previous(processSeconds: readProcessSeconds(), machine: readMachineJiffies(), instant: clock.now)
        previous.withLock { $0 = first }
    }

    /// Reads memory now and CPU since the previous sample.
    public func sample() -> ResourceSample {
        let now = Previous(processSeconds: readProcessSeconds(), machine: readMachineJiffies(), instant: clock.now)
        let last = previous.withLock { previous -> Previous? in
            defer { previous = now }
            return previous
        }
        var processCPU: Double?
        var machineCPU: Double?
        if let last {
            let wall = last.instant.duration(to: now.instant) / .seconds(1)
            if wall > 0, let before = last.processSeconds, let after = now.processSeconds {
                processCPU = min(100, max(0, (after - before) / wall / cores * 100))
            }
            if let before = last.machine, let after = now.machine, after.total > before.total {
                machineCPU = min(100, max(0, (after.busy - before.busy) / (after.total - before.total) * 100))
            }
        }
        let meminfo = file("proc/meminfo")
        let cgroup = CgroupMemory.read(root: root) { try? String(contentsOfFile: $0, encoding: .utf8) }
        var available = meminfo.flatMap { SystemReadings.meminfo("MemAvailable", in: $0) }
        if let cgroup {
            let headroom = max(0, cgroup.limitMB - cgroup.workingSetMB)
            available = min(available ?? headroom, headroom)
        }
        // Others' load: the machine's minus ours (both from jiffies over the same interval).
        let othersCPU = machineCPU.map { machine in max(0, machine - (processCPU ?? 0)) }
        return ResourceSample(
            residentMemoryMB: readResidentPages().map { $0 * pageSize / 1_048_576 }, cpuPercent: othersCPU,
            processCPUPercent: processCPU, availableMemoryMB: available,
            memoryLimitMB: cgroup?.limitMB ?? meminfo.flatMap { SystemReadings.meminfo("MemTotal", in: $0) },
            machineCPUPercent: machineCPU)
    }

    private func file(_ relative: String) -> String? {
        try? String(contentsOfFile: root + relative, encoding: .utf8)
    }

    private func readMachineJiffies() -> (busy: Double, total: Double)? {
        file("proc/stat").flatMap { SystemReadings.cpuJiffies(procStat: $0) }
    }

    /// Resident pages: the second field of `/proc/self/statm`.
    private func readResidentPages() -> Double? {
        guard let text = file("proc/self/statm") else { return nil }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Double(fields[1]) else { return nil }
        return pages
    }

    /// `utime + stime` of `/proc/self/stat` (fields 14 and 15), in seconds.
    private func readProcessSeconds() -> Double? {
        guard let text = file("proc/self/stat") else { return nil }
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
