import ArgumentParser
import Foundation
import StageEngine

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Measures the engine's own overhead: items through all seven stages with no-op handlers,
/// at 1, 2 and 8 items in flight. Goal: under 20 µs per stage transition.
struct EngineBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "engine",
        abstract: "Engine overhead per item and per stage transition with no-op handlers."
    )

    @Option(help: "Items per measured run.")
    var items = 20_000

    @Option(help: "Measured runs per setting; the median is reported.")
    var runs = 5

    @Option(parsing: .upToNextOption, help: "Items in flight to measure.")
    var inFlight: [Int] = [1, 2, 8]

    @Option(help: "Handlers per stage.")
    var handlersPerStage = 1

    func validate() throws {
        guard items > 0, runs > 0, handlersPerStage > 0, inFlight.allSatisfy({ $0 > 0 }) else {
            throw ValidationError("--items, --runs, --handlers-per-stage and --in-flight must be positive")
        }
    }

    func run() async throws {
        let stages = Stage.allCases.count
        print(
            "engine benchmark: no-op handlers, \(stages) stages × \(handlersPerStage) handler(s), \(items) items, "
                + "median of \(runs) runs, \(ProcessInfo.processInfo.activeProcessorCount) cores")
        #if DEBUG
            print("warning: debug build; build with -c release for meaningful figures")
        #endif
        print("in flight | events | wall µs/item | wall µs/transition | CPU µs/item | CPU µs/transition | items/s")
        for count in inFlight {
            for withEvents in [false, true] {
                let (wall, cpu) = try await measure(inFlight: count, withEvents: withEvents)
                let wallPerItem = wall / Double(items) * 1e6
                let cpuPerItem = cpu / Double(items) * 1e6
                print(
                    String(
                        format: "%9d | %6@ | %12.2f | %18.2f | %11.2f | %17.2f | %7.0f", count,
                        (withEvents ? "on" : "off") as NSString, wallPerItem, wallPerItem / Double(stages), cpuPerItem,
                        cpuPerItem / Double(stages), Double(items) / wall))
            }
        }
        for count in inFlight {
            let (wall, cpu) = await measureBaseline(inFlight: count, stages: stages)
            print(
                String(
                    format: "baseline %d in flight: a task group with one no-op child per stage, no engine: "
                        + "wall %.2f µs/transition, CPU %.2f µs/transition", count,
                    wall / Double(items * stages) * 1e6, cpu / Double(items * stages) * 1e6))
        }
        print("goal: < 20 µs per stage transition. Governor off; events 'on' delivers every event to a no-op sink.")
        print(
            "CPU = user + system time of the whole process (all threads); wall time suffers when other work shares the cores."
        )
    }

    /// The median wall time and the median process CPU time of `runs` batches, in seconds.
    private func measure(inFlight: Int, withEvents: Bool) async throws -> (wall: Double, cpu: Double) {
        var configuration = EngineConfiguration()
        configuration.maxItemsInFlight = inFlight
        configuration.maxParallelItemsPerStage = inFlight
        configuration.adaptiveScaling = false
        let engine = try WaveEngine<Int, Int>(
            configuration: configuration, resourceProbe: FixedResourceProbe(), initialState: { (item: Int) in item })
        for stage in Stage.allCases {
            for handler in 0..<handlersPerStage {
                try engine.register("noop-\(handler)", in: stage) { _ in StageOutcome<Int>() }
            }
        }
        let input = Array(0..<items)
        let discard: @Sendable (EngineEvent) -> Void = { _ in }
        let sink = withEvents ? discard : nil
        _ = await engine.runBatch(Array(input.prefix(1_000)), onEvent: sink) { _ in }  // warm-up
        let clock = ContinuousClock()
        var samples: [Double] = []
        var cpuSamples: [Double] = []
        for _ in 0..<runs {
            let cpuStart = Self.processCPUSeconds()
            let start = clock.now
            let report = await engine.runBatch(input, onEvent: sink) { _ in }
            let elapsed = start.duration(to: clock.now)
            cpuSamples.append(Self.processCPUSeconds() - cpuStart)
            guard report.statistics.succeeded == items else {
                throw ValidationError("benchmark batch did not succeed: \(report.statistics)")
            }
            samples.append(elapsed / .seconds(1))
        }
        return (samples.sorted()[samples.count / 2], cpuSamples.sorted()[cpuSamples.count / 2])
    }

    /// The floor of Swift concurrency for the same shape: items in flight in one task group,
    /// each running `stages` task groups of one no-op child. Median of `runs`, in seconds.
    private func measureBaseline(inFlight: Int, stages: Int) async -> (wall: Double, cpu: Double) {
        let clock = ContinuousClock()
        var samples: [(Double, Double)] = []
        for _ in 0..<runs {
            let cpuStart = Self.processCPUSeconds()
            let start = clock.now
            await withTaskGroup(of: Int.self) { items in
                var started = 0
                func admit() {
                    let item = started
                    started += 1
                    items.addTask {
                        var value = item
                        for _ in 0..<stages {
                            let current = value
                            value = await withTaskGroup(of: Int.self) { stage in
                                stage.addTask { current &+ 1 }
                                return await stage.next() ?? current
                            }
                        }
                        return value
                    }
                }
                while started < min(inFlight, self.items) { admit() }
                while await items.next() != nil {
                    if started < self.items { admit() }
                }
            }
            let elapsed = start.duration(to: clock.now)
            samples.append(
                (
                    elapsed / .seconds(1),
                    Self.processCPUSeconds() - cpuStart
                ))
        }
        let middle = samples.count / 2
        return (samples.map(\.0).sorted()[middle], samples.map(\.1).sorted()[middle])
    }

    /// User + system CPU time of this process so far, in seconds (`getrusage(RUSAGE_SELF)`).
    private static func processCPUSeconds() -> Double {
        #if canImport(Glibc)
            let RUSAGE_SELF_WHO = __rusage_who_t(RUSAGE_SELF.rawValue)
        #else
            let RUSAGE_SELF_WHO = RUSAGE_SELF
        #endif
        var usage = rusage()
        guard getrusage(RUSAGE_SELF_WHO, &usage) == 0 else { return 0 }
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }
}
