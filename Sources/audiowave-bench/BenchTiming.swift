import AudioWave
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Clocks and resource readings shared by the benchmarks: process and thread CPU time, medians,
/// peak RSS of this process and of its children, and the machine's description.
///
/// CPU time rather than wall time is the primary figure: the benchmark machine is shared, and
/// another process's load changes wall time far more than it changes our own CPU time.
enum BenchTiming {
    /// CPU time of the whole process (every thread), in seconds.
    static func processCPUSeconds() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    /// CPU time of the calling thread, in seconds.
    static func threadCPUSeconds() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    /// Monotonic wall-clock time, in seconds.
    static func wallSeconds() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    /// The median (upper median for an even count); 0 for no values.
    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
    }

    /// Median process CPU time of `repetitions` runs of `body` after one warm-up run, in ms.
    static func medianCPUMilliseconds(repetitions: Int, _ body: () throws -> Void) rethrows -> Double {
        try body()
        var samples: [Double] = []
        for _ in 0..<max(1, repetitions) {
            let start = processCPUSeconds()
            try body()
            samples.append((processCPUSeconds() - start) * 1000)
        }
        return median(samples)
    }

    /// Median process CPU time of `repetitions` runs of an async `body` after one warm-up run, in ms.
    static func medianCPUMilliseconds(repetitions: Int, _ body: () async throws -> Void) async rethrows -> Double {
        try await body()
        var samples: [Double] = []
        for _ in 0..<max(1, repetitions) {
            let start = processCPUSeconds()
            try await body()
            samples.append((processCPUSeconds() - start) * 1000)
        }
        return median(samples)
    }

    /// Peak resident set size of this process so far, in MB (`getrusage(RUSAGE_SELF).ru_maxrss`).
    static func peakRSSMegabytes() -> Double {
        Double(usage(of: RUSAGE_SELF).ru_maxrss) / 1024
    }

    /// User + system CPU seconds of every waited-for child process so far (`RUSAGE_CHILDREN`).
    static func childrenCPUSeconds() -> Double {
        let children = usage(of: RUSAGE_CHILDREN)
        return seconds(children.ru_utime) + seconds(children.ru_stime)
    }

    #if canImport(Glibc)
        private static func usage(of who: __rusage_who) -> rusage {
            var result = rusage()
            _ = getrusage(__rusage_who_t(who.rawValue), &result)
            return result
        }
    #else
        private static func usage(of who: Int32) -> rusage {
            var result = rusage()
            _ = getrusage(who, &result)
            return result
        }
    #endif

    private static func seconds(_ value: timeval) -> Double {
        Double(value.tv_sec) + Double(value.tv_usec) / 1e6
    }

    /// `VmHWM` (peak RSS) of a running process from `/proc/PID/status`, in MB; nil when unreadable.
    static func peakRSSMegabytes(ofProcess pid: Int32) -> Double? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            if fields.count >= 2, let kilobytes = Double(fields[1]) { return kilobytes / 1024 }
        }
        return nil
    }

    /// One line naming the machine: cores, CPU model, load average and date.
    static func machineDescription() -> String {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model =
            cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }
            .flatMap { $0.split(separator: ":", maxSplits: 1).last }
            .map { $0.trimmingCharacters(in: .whitespaces) } ?? "unknown CPU"
        let load = ((try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "")
            .split(separator: " ").prefix(3).joined(separator: " ")
        let date = ISO8601DateFormatter().string(from: Date())
        return "\(ProcessInfo.processInfo.activeProcessorCount) cores, \(model), load average \(load), \(date)"
    }
}

/// Left-aligns `text` in a column of `width` characters.
func benchPad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
}

/// Formats a number with `digits` decimals.
func benchFormat(_ value: Double, digits: Int = 1) -> String { String(format: "%.\(digits)f", value) }

/// Prints `value` as sorted, pretty-printed, snake_case JSON.
func benchPrintJSON<T: Encodable>(_ value: T) throws {
    let encoder = ReportJSON.makeEncoder(prettyPrinted: true)
    encoder.keyEncodingStrategy = .convertToSnakeCase
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}
