import Clocks
import Testing

@testable import StageEngine

@Suite("DeadlineScheduler")
struct DeadlineSchedulerTests {
    @Test("an earlier deadline added while the timer sleeps for a later one fires first, on time")
    func rearms() async {
        let clock = TestClock<Duration>()
        let scheduler = DeadlineScheduler(clock: EngineClock(clock))
        let timer = Task { await scheduler.run() }
        let fired = Shared<[String]>([])
        let late = Task {
            if await scheduler.wait(until: .seconds(100)) { fired.withLock { $0.append("late") } }
        }
        await clock.advance(by: .zero)
        let early = Task {
            if await scheduler.wait(until: .seconds(1)) { fired.withLock { $0.append("early") } }
        }
        await clock.advance(by: .seconds(1))
        await early.value
        #expect(fired.current == ["early"])
        await clock.advance(by: .seconds(99))
        await late.value
        #expect(fired.current == ["early", "late"])
        timer.cancel()
        await timer.value
    }

    @Test("a cancelled wait returns false at once and stopping the timer releases every waiter")
    func cancellation() async {
        let clock = TestClock<Duration>()
        let scheduler = DeadlineScheduler(clock: EngineClock(clock))
        let timer = Task { await scheduler.run() }
        let cancelled = Task { await scheduler.wait(until: .seconds(10)) }
        cancelled.cancel()
        #expect(await cancelled.value == false)
        let orphan = Task { await scheduler.wait(until: .seconds(10)) }
        await clock.advance(by: .zero)
        timer.cancel()
        await timer.value
        #expect(await orphan.value == false)
    }
}
