import Foundation
import StageEngine
import Testing

@Suite("Events and statistics")
struct EventsAndStatisticsTests {
    @Test("an event encodes to one flat JSON object with a snake_case type and only its fields")
    func eventJSON() throws {
        let event = EngineEvent(
            type: .stageRetried, timestamp: Date(timeIntervalSince1970: 0), elapsedMs: 1500, itemIndex: 3,
            itemID: "a.wav", stage: .deepAnalysis, handler: "tempo", attempt: 1, delayMs: 1000, error: "boom")
        let line = try event.jsonLine()
        #expect(!line.contains("\n"))
        let object = try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["type"] as? String == "stage_retried")
        #expect(object["timestamp"] as? String == "1970-01-01T00:00:00Z")
        #expect(object["stage"] as? String == "deep_analysis")
        #expect(object["item_index"] as? Int == 3)
        #expect(object["delay_ms"] as? Double == 1000)
        #expect(
            Set(object.keys) == [
                "type", "timestamp", "elapsed_ms", "item_index", "item_id", "stage", "handler",
                "attempt", "delay_ms", "error",
            ])
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        #expect(try decoder.decode(EngineEvent.self, from: Data(line.utf8)) == event)
    }

    @Test("every event type has a snake_case name")
    func typeNames() {
        for kind in EngineEvent.Kind.allCases {
            #expect(kind.rawValue == kind.rawValue.lowercased())
            #expect(!kind.rawValue.contains(" "))
        }
    }

    @Test("a batch emits item and stage events in order for each item")
    func eventSequence() async throws {
        let engine = try makeEngine(testConfiguration([.preparation, .finalization]))
        try engine.register(marking("p", in: .preparation))
        try engine.register(marking("f", in: .finalization))
        let run = engine.run([1])
        var types: [EngineEvent.Kind] = []
        for await event in run.events { types.append(event.type) }
        #expect(
            types == [
                .itemStarted, .stageStarted, .stageCompleted, .stageStarted, .stageCompleted, .itemCompleted,
                .batchFinished,
            ])
    }

    @Test("statistics count statuses, early exits and per-stage outcomes")
    func statistics() async throws {
        var configuration = testConfiguration([.preparation, .initialAnalysis, .deepAnalysis, .finalization])
        configuration.maxRetriesPerStage = 0
        configuration.minSuccessRatePerStage = 0
        let engine = try makeEngine(configuration)
        try engine.register("p", in: .preparation) { context in
            if context.input == 0 { throw FakeError(message: "unreadable") }
            return .unchanged
        }
        try engine.register("quick", in: .initialAnalysis) { context in
            StageOutcome(quality: context.input % 3 == 0 ? 0.99 : 0.5)
        }
        try engine.register("deep", in: .deepAnalysis) { context in
            if context.input == 4 { throw FakeError(message: "no onsets") }
            return .unchanged
        }
        try engine.register(marking("f", in: .finalization))
        let run = engine.run(Array(0..<10), eventBuffering: .bufferingNewest(0))
        let report = await run.report()
        let statistics = run.statistics
        #expect(statistics == report.statistics)
        #expect(statistics.total == 10 && statistics.finished == 10 && statistics.active == 0)
        #expect(statistics.failed == 1)  // item 0
        #expect(statistics.partial == 1)  // item 4
        #expect(statistics.succeeded == 8)
        #expect(statistics.earlyExited == 3)  // items 3, 6, 9
        #expect(statistics.successRate == 0.8)
        #expect(statistics.figures(for: .preparation)?.failed == 1)
        #expect(statistics.figures(for: .deepAnalysis)?.completed == 5)  // 1, 2, 5, 7, 8
        #expect(statistics.figures(for: .deepAnalysis)?.failed == 1)
        #expect(statistics.figures(for: .finalization)?.completed == 9)
    }

    @Test("a monitor shows a runBatch's statistics while it runs")
    func monitor() async throws {
        var configuration = testConfiguration([.preparation])
        configuration.maxItemsInFlight = 1
        let engine = try makeEngine(configuration)
        try engine.register(marking("p", in: .preparation))
        let monitor = BatchMonitor()
        #expect(monitor.statistics.total == 0)
        var seen: [Int] = []
        let report = await engine.runBatch(Array(0..<5), monitor: monitor) { _ in
            seen.append(monitor.statistics.finished)
        }
        #expect(seen == [1, 2, 3, 4, 5])
        #expect(monitor.statistics == report.statistics)
        #expect(monitor.statistics.total == 5)
    }

    @Test("an item result encodes with snake_case keys when its state is Codable")
    func resultJSON() throws {
        struct Small: Codable, Sendable, Equatable { var bpm: Double? }
        let result = ItemResult(
            index: 2, id: "b.flac", status: .partial, state: Small(bpm: 120),
            stages: [StageRecord(stage: .deepAnalysis, status: .timedOut, attempts: 3, durationMs: 12)],
            errors: [
                ItemError(
                    stage: .deepAnalysis, handler: "tempo", kind: .stageTimeout, message: "slow", attempt: 3,
                    isPermanent: false)
            ],
            earlyExit: nil, quality: 0.4, durationMs: 20)
        let text = String(decoding: try JSONEncoder().encode(result), as: UTF8.self)
        #expect(text.contains("\"duration_ms\""))
        #expect(text.contains("\"timed_out\""))
        #expect(try JSONDecoder().decode(ItemResult<Small>.self, from: Data(text.utf8)) == result)
    }
}
