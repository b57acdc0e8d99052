import StageEngine
import Testing

@Suite("RetryPolicy")
struct RetryPolicyTests {
    @Test(
        "each strategy grows the delay as documented and stops at the maximum",
        arguments: [
            (RetryPolicy.Strategy.exponential, [1.0, 2, 4, 8, 10, 10]),
            (.linear, [1.0, 2, 3, 4, 5, 6]),
            (.constant, [1.0, 1, 1, 1, 1, 1]),
            (.fibonacci, [1.0, 1, 2, 3, 5, 8]),
        ])
    func growth(strategy: RetryPolicy.Strategy, expected: [Double]) {
        let policy = RetryPolicy(strategy: strategy, initialDelaySeconds: 1, maxDelaySeconds: 10, multiplier: 2)
        #expect((1...6).map { policy.baseDelaySeconds(forRetry: $0) } == expected)
    }

    @Test("jitter keeps the delay within the spread and the maximum")
    func jitterBounds() {
        let policy = RetryPolicy(initialDelaySeconds: 2, maxDelaySeconds: 2.1, multiplier: 2, jitter: 0.5)
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let delay = policy.delaySeconds(forRetry: 1, using: &generator)
            #expect(delay >= 1 && delay <= 2.1)
        }
    }

    @Test("the presets carry the documented counts, delays and multipliers")
    func presets() {
        let expected: [(RetryPolicy, Int, Double, Double, Double)] = [
            (.aggressive, 5, 0.5, 30, 2), (.standard, 3, 1, 60, 2), (.conservative, 2, 2, 120, 3),
            (.quick, 3, 0.1, 5, 1.5),
        ]
        for (policy, retries, initial, maximum, multiplier) in expected {
            #expect(policy.maxRetries == retries)
            #expect(policy.initialDelaySeconds == initial)
            #expect(policy.maxDelaySeconds == maximum)
            #expect(policy.multiplier == multiplier)
            #expect(throws: Never.self) { try policy.validate() }
        }
    }
}
