import Foundation

/// Parsers for the Linux files the governor reads, kept pure so tests feed them crafted text.
///
/// - `/proc/stat`, first line: cumulative jiffies per state of all CPUs together.
/// - `/proc/meminfo`: `MemTotal` and `MemAvailable` (the kernel's estimate of memory a new workload can
///   get without swapping, page cache included).
/// - `/proc/self/cgroup`: the process's cgroup paths (`0::/path` for the v2 hierarchy, `N:memory:/path`
///   for v1's memory controller).
/// - cgroup v2 `memory.max` (`max` or bytes), `memory.current`, `memory.stat` (`inactive_file`); v1
///   `memory.limit_in_bytes`, `memory.usage_in_bytes`, `memory.stat` (`total_inactive_file`). The
///   working set is usage minus inactive file cache, as container runtimes report it: the kernel
///   reclaims that cache before it would kill the container.
enum SystemReadings {
    /// Busy and total jiffies of all CPUs from `/proc/stat` text (`cpu user nice system idle iowait irq
    /// softirq steal …`); idle and iowait count as not busy, guest time is already inside user.
    static func cpuJiffies(procStat text: String) -> (busy: Double, total: Double)? {
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("cpu ") }) else { return nil }
        let values = line.split(separator: " ").dropFirst().prefix(8).compactMap { Double($0) }
        guard values.count >= 4 else { return nil }
        let total = values.reduce(0, +)
        let idle = values[3] + (values.count > 4 ? values[4] : 0)
        return (total - idle, total)
    }

    /// A `Key:   value kB` field of `/proc/meminfo`, in MiB.
    static func meminfo(_ key: String, in text: String) -> Double? {
        for line in text.split(separator: "\n") where line.hasPrefix(key + ":") {
            let fields = line.split(separator: " ")
            guard fields.count >= 2, let kilobytes = Double(fields[1]) else { return nil }
            return kilobytes / 1024
        }
        return nil
    }

    /// The cgroup v2 path (`0::/path`) and the v1 memory controller's path (`N:memory:/path`) of
    /// `/proc/self/cgroup` text.
    static func cgroupPaths(procSelfCgroup text: String) -> (v2: String?, v1Memory: String?) {
        var v2: String?
        var v1: String?
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count == 3 else { continue }
            if parts[0] == "0", parts[1].isEmpty { v2 = String(parts[2]) }
            if parts[1].split(separator: ",").contains("memory") { v1 = String(parts[2]) }
        }
        return (v2, v1)
    }

    /// A byte count (`memory.max`, `memory.current`, …) in MiB; nil for `max`, unreadable text or v1's
    /// "unlimited" (a value near 2⁶³).
    static func mebibytes(_ text: String?) -> Double? {
        guard let trimmed = text?.trimmingCharacters(in: .whitespacesAndNewlines), let bytes = Double(trimmed),
            bytes >= 0, bytes < 1e18
        else { return nil }
        return bytes / 1_048_576
    }

    /// A `key value` line of a cgroup `memory.stat`, in MiB.
    static func memoryStat(_ key: String, in text: String?) -> Double? {
        guard let text else { return nil }
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ")
            if fields.count == 2, fields[0] == key { return mebibytes(String(fields[1])) }
        }
        return nil
    }
}

/// The memory limit and working set of the cgroup that holds this process, when it has a limit.
struct CgroupMemory: Sendable, Hashable {
    /// The limit, MiB.
    var limitMB: Double
    /// Usage minus inactive file cache, MiB.
    var workingSetMB: Double

    /// Reads the process's cgroup (v2 first, then v1's memory controller) under `root` ("/" normally; a
    /// folder of crafted files in tests). Nil when there is no cgroup limit.
    static func read(root: String, file: (String) -> String?) -> CgroupMemory? {
        guard let cgroups = file(root + "proc/self/cgroup") else { return nil }
        let paths = SystemReadings.cgroupPaths(procSelfCgroup: cgroups)
        if let path = paths.v2 {
            let folder = root + "sys/fs/cgroup" + (path == "/" ? "" : path) + "/"
            if let limit = SystemReadings.mebibytes(file(folder + "memory.max")),
                let usage = SystemReadings.mebibytes(file(folder + "memory.current"))
            {
                let inactive = SystemReadings.memoryStat("inactive_file", in: file(folder + "memory.stat")) ?? 0
                return CgroupMemory(limitMB: limit, workingSetMB: max(0, usage - inactive))
            }
        }
        if let path = paths.v1Memory {
            // Inside a container the controller is usually mounted at the cgroup's own folder, so try the
            // path and then the mount's root.
            for folder in [
                root + "sys/fs/cgroup/memory" + (path == "/" ? "" : path) + "/", root + "sys/fs/cgroup/memory/",
            ] {
                if let limit = SystemReadings.mebibytes(file(folder + "memory.limit_in_bytes")),
                    let usage = SystemReadings.mebibytes(file(folder + "memory.usage_in_bytes"))
                {
                    let inactive =
                        SystemReadings.memoryStat("total_inactive_file", in: file(folder + "memory.stat")) ?? 0
                    return CgroupMemory(limitMB: limit, workingSetMB: max(0, usage - inactive))
                }
            }
        }
        return nil
    }
}
