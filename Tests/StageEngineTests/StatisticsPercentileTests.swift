import Testing

@testable import StageEngine

@Suite("Stage duration percentiles")
struct StatisticsPercentileTests {
    @Test("percentiles of 10 000 stage runs are within 0.1% of the exact ones, in a fixed-size histogram")
    func percentiles() throws {
        let collector = StatisticsCollector(total: 10_000)
        for index in 0..<10_000 {
            collector.itemStarted()
            // 1.000 ms … 10.999 ms in 1 µs steps.
            let record = StageRecord(
                stage: .deepAnalysis, status: .completed, attempts: 1, durationMs: 1 + Double(index) / 1000)
            collector.record(
                ItemResult(
                    index: index, id: "\(index)", status: .succeeded, state: 0, stages: [record], errors: [],
                    earlyExit: nil, quality: nil, durationMs: 0))
        }
        let figures = try #require(collector.snapshot().figures(for: .deepAnalysis))
        #expect(figures.completed == 10_000 && figures.failed == 0)
        for (value, exact) in [
            (figures.p50Ms, 5.999), (figures.p90Ms, 9.999), (figures.p99Ms, 10.899), (figures.maxMs, 10.999),
        ] {
            #expect(abs(value - exact) <= exact * 0.001 + 0.001, "\(value) vs \(exact)")
        }
    }
}
