import Foundation
import Testing

@testable import StageEngine

/// `ProcResourceProbe` on crafted `/proc` and cgroup files, and the governor's available-memory floor.
@Suite("Resource probe (machine CPU, available memory, cgroup limits)")
struct ResourceProbeTests {
    /// A folder laid out like `/` with the files the probe reads.
    final class FakeRoot {
        let url: URL

        init() throws {
            url = FileManager.default.temporaryDirectory.appendingPathComponent("probe-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        }

        deinit { try? FileManager.default.removeItem(at: url) }

        func write(_ relative: String, _ text: String) throws {
            let file = url.appendingPathComponent(relative)
            try FileManager.default.createDirectory(
                at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: file, atomically: true, encoding: .utf8)
        }

        /// `/proc/stat` whose aggregate line has these busy (user) and idle jiffies.
        func procStat(busy: Int, idle: Int) throws {
            try write("proc/stat", "cpu  \(busy) 0 0 \(idle) 0 0 0 0 0 0\ncpu0 1 0 0 1 0 0 0 0 0 0\n")
        }
    }

    static let meminfo = "MemTotal:       16384000 kB\nMemFree:         1000000 kB\nMemAvailable:    8192000 kB\n"

    @Test("machine CPU comes from /proc/stat deltas, so other processes' load counts")
    func machineCPU() throws {
        let root = try FakeRoot()
        try root.procStat(busy: 1000, idle: 1000)
        let probe = ProcResourceProbe(root: root.url.path)
        try root.procStat(busy: 1300, idle: 1100)  // 300 busy of 400 jiffies since: 75 %
        let sample = probe.sample()
        #expect(abs((sample.machineCPUPercent ?? 0) - 75) < 1e-9)
        #expect(sample.processCPUPercent == nil)  // no /proc/self/stat here: all of it counts as others'
        #expect(abs((sample.cpuPercent ?? 0) - 75) < 1e-9)
    }

    @Test("without a cgroup limit, available memory is MemAvailable and the limit MemTotal")
    func machineMemory() throws {
        let root = try FakeRoot()
        try root.write("proc/meminfo", Self.meminfo)
        try root.write("proc/self/cgroup", "0::/\n")
        try root.write("sys/fs/cgroup/memory.max", "max\n")
        try root.write("sys/fs/cgroup/memory.current", "1048576000\n")
        let sample = ProcResourceProbe(root: root.url.path).sample()
        #expect(sample.availableMemoryMB == 8000)
        #expect(sample.memoryLimitMB == 16000)
    }

    @Test("in a cgroup v2 container, available memory is the limit minus the working set (cache excluded)")
    func cgroupV2() throws {
        let root = try FakeRoot()
        try root.write("proc/meminfo", Self.meminfo)
        try root.write("proc/self/cgroup", "0::/kubepods/pod-1/worker\n")
        let folder = "sys/fs/cgroup/kubepods/pod-1/worker/"
        try root.write(folder + "memory.max", "\(1024 * 1_048_576)\n")
        try root.write(folder + "memory.current", "\(900 * 1_048_576)\n")
        try root.write(folder + "memory.stat", "anon 1\nfile 2\ninactive_file \(200 * 1_048_576)\nactive_file 3\n")
        let sample = ProcResourceProbe(root: root.url.path).sample()
        #expect(sample.memoryLimitMB == 1024)
        #expect(abs((sample.availableMemoryMB ?? 0) - 324) < 1e-9, "\(String(describing: sample.availableMemoryMB))")
    }

    @Test("cgroup v1's memory controller is read the same way; an unlimited v1 limit counts as none")
    func cgroupV1() throws {
        let root = try FakeRoot()
        try root.write("proc/meminfo", Self.meminfo)
        try root.write("proc/self/cgroup", "4:memory:/docker/abc\n0::/\n")
        let folder = "sys/fs/cgroup/memory/docker/abc/"
        try root.write(folder + "memory.limit_in_bytes", "\(512 * 1_048_576)\n")
        try root.write(folder + "memory.usage_in_bytes", "\(500 * 1_048_576)\n")
        try root.write(folder + "memory.stat", "cache 1\ntotal_inactive_file \(100 * 1_048_576)\n")
        var sample = ProcResourceProbe(root: root.url.path).sample()
        #expect(sample.availableMemoryMB == 112)
        #expect(sample.memoryLimitMB == 512)
        try root.write(folder + "memory.limit_in_bytes", "9223372036854771712\n")
        sample = ProcResourceProbe(root: root.url.path).sample()
        #expect(sample.availableMemoryMB == 8000)
    }

    @Test("the governor halves admission when available memory falls below its floor, and names it")
    func availableMemoryFloor() {
        var governor = ResourceGovernor(
            maxItems: 4, memoryThresholdMB: 1000, cpuThresholdPercent: 80, minAvailableMemoryMB: 256)
        let tight = ResourceSample(residentMemoryMB: 100, cpuPercent: 10, availableMemoryMB: 200)
        let change = governor.evaluate(tight)
        #expect(change?.to == 2)
        #expect(change?.reason == "available memory 200 MB < 256 MB")
        // Just above the floor is not yet calm (within 10 %); well above it the limit grows again.
        #expect(governor.evaluate(ResourceSample(residentMemoryMB: 100, cpuPercent: 10, availableMemoryMB: 270)) == nil)
        #expect(
            governor.evaluate(ResourceSample(residentMemoryMB: 100, cpuPercent: 10, availableMemoryMB: 4000))?.to == 3)
    }

    @Test("min_available_memory_mb decodes, defaults to 256 and rejects negative or absurd values")
    func configurationKey() throws {
        #expect(EngineConfiguration().minAvailableMemoryMB == 256)
        let decoded = try EngineConfiguration.decode(fromJSON: Data(#"{"min_available_memory_mb": 0}"#.utf8))
        #expect(decoded.minAvailableMemoryMB == 0)
        for bad in [#"{"min_available_memory_mb": -1}"#, #"{"min_available_memory_mb": 1e300}"#] {
            #expect(throws: (any Error).self) { try EngineConfiguration.decode(fromJSON: Data(bad.utf8)) }
        }
    }

    @Test("on this machine the real probe reads RSS, and machine CPU after a second sample")
    func realProbe() throws {
        let probe = ProcResourceProbe()
        guard FileManager.default.fileExists(atPath: "/proc/stat") else { return }
        var total = 0.0
        for i in 0..<2_000_000 { total += Double(i % 7) }  // some CPU between the samples
        let sample = probe.sample()
        #expect(total > 0)
        #expect((sample.residentMemoryMB ?? 0) > 1)
        #expect(sample.cpuPercent != nil && sample.availableMemoryMB != nil)
        // Others' load never exceeds the machine's, and excludes what this process burnt meanwhile.
        #expect((sample.cpuPercent ?? 0) <= (sample.machineCPUPercent ?? 0) + 1e-9)
    }
}
