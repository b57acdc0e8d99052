import Foundation
import StageEngine
import Testing

@Suite("EngineConfiguration")
struct EngineConfigurationTests {
    @Test("defaults are the documented values")
    func defaults() {
        let configuration = EngineConfiguration()
        #expect(configuration.enabledStages == Stage.allCases)
        #expect(configuration.maxParallelItemsPerStage == 10)
        #expect(configuration.stageTimeoutSeconds == 300)
        #expect(configuration.maxRetriesPerStage == 2)
        #expect(!configuration.retryTimedOut)
        #expect(configuration.interStageDelayMs == 0)
        #expect(configuration.memoryThresholdMB == 1000)
        #expect(configuration.cpuThresholdPercent == 80)
        #expect(configuration.adaptiveScaling)
        #expect(configuration.minSuccessRatePerStage == 0.8)
        #expect(configuration.allowPartialResults)
        #expect(configuration.progressiveMode)
        #expect(configuration.earlyTerminationOnQuality)
        #expect(configuration.qualityThreshold == 0.95)
        #expect(configuration.totalTimeoutSeconds == nil)
        #expect(
            configuration.circuitBreaker
                == CircuitBreakerConfiguration(failureThreshold: 3, successThreshold: 2, resetSeconds: 30))
        #expect(throws: Never.self) { try configuration.validate() }
    }

    @Test("partial JSON fills the missing keys with defaults")
    func partialJSON() throws {
        let json =
            #"{"max_retries_per_stage": 4, "enabled_stages": ["preparation", "finalization"], "retry": {"strategy": "linear"}, "retry_timed_out": true}"#
        let configuration = try EngineConfiguration.decode(fromJSON: Data(json.utf8))
        var expected = EngineConfiguration()
        expected.maxRetriesPerStage = 4
        expected.retryTimedOut = true
        expected.enabledStages = [.preparation, .finalization]
        expected.retry.strategy = .linear
        #expect(configuration == expected)
    }

    @Test(
        "an unknown key is an error naming the key",
        arguments: [
            (#"{"max_retries": 1}"#, "max_retries"),
            (#"{"retry": {"initial_delay": 1}}"#, "retry.initial_delay"),
            (#"{"circuit_breaker": {"threshold": 1}}"#, "circuit_breaker.threshold"),
            (#"{"stage_overrides": {"deep_analysis": {"timeout": 1}}}"#, "stage_overrides.deep_analysis.timeout"),
        ])
    func unknownKey(json: String, field: String) {
        #expect {
            try EngineConfiguration.decode(fromJSON: Data(json.utf8))
        } throws: { error in
            let error = error as? ConfigurationError
            return error?.code == .unknownKey && error?.field == field
        }
    }

    @Test("an unknown stage name is an error naming it")
    func unknownStage() {
        #expect {
            try EngineConfiguration.decode(fromJSON: Data(#"{"enabled_stages": ["preparation", "mixing"]}"#.utf8))
        } throws: { error in
            (error as? ConfigurationError)?.code == .unknownStage && "\(error)".contains("mixing")
        }
    }

    @Test("a value of the wrong type is a malformed error naming the field")
    func wrongType() {
        #expect {
            try EngineConfiguration.decode(fromJSON: Data(#"{"quality_threshold": "high"}"#.utf8))
        } throws: { error in
            let error = error as? ConfigurationError
            return error?.code == .malformed && error?.field == "quality_threshold"
        }
    }

    @Test(
        "invalid values are rejected naming the field",
        arguments: [
            (#"{"max_parallel_items_per_stage": 0}"#, "max_parallel_items_per_stage"),
            (#"{"stage_timeout_seconds": -1}"#, "stage_timeout_seconds"),
            (#"{"max_retries_per_stage": -1}"#, "max_retries_per_stage"),
            (#"{"quality_threshold": 1.5}"#, "quality_threshold"),
            (#"{"min_success_rate_per_stage": -0.1}"#, "min_success_rate_per_stage"),
            (#"{"cpu_threshold_percent": 0}"#, "cpu_threshold_percent"),
            (#"{"memory_threshold_mb": 0}"#, "memory_threshold_mb"),
            (#"{"total_timeout_seconds": 0}"#, "total_timeout_seconds"),
            (#"{"retry": {"multiplier": 0.5}}"#, "retry.multiplier"),
            (#"{"retry": {"jitter": 2}}"#, "retry.jitter"),
            (#"{"circuit_breaker": {"failure_threshold": 0}}"#, "circuit_breaker.failure_threshold"),
            (
                #"{"stage_overrides": {"aggregation": {"max_parallel_items": 0}}}"#,
                "stage_overrides.aggregation.max_parallel_items"
            ),
        ])
    func invalidValue(json: String, field: String) {
        #expect {
            try EngineConfiguration.decode(fromJSON: Data(json.utf8))
        } throws: { error in
            let error = error as? ConfigurationError
            return error?.code == .invalidValue && error?.field == field
        }
    }

    @Test("a retry preset can be named by a string")
    func retryPreset() throws {
        let configuration = try EngineConfiguration.decode(fromJSON: Data(#"{"retry": "conservative"}"#.utf8))
        #expect(configuration.retry == .conservative)
        #expect(configuration.maxRetries(for: .deepAnalysis) == 2)
        #expect(throws: ConfigurationError.self) {
            try EngineConfiguration.decode(fromJSON: Data(#"{"retry": "reckless"}"#.utf8))
        }
    }

    @Test("encoding then decoding gives the same configuration")
    func roundTrip() throws {
        var configuration = EngineConfiguration()
        configuration.stageOverrides = [.deepAnalysis: StageOverride(maxParallelItems: 2, timeoutSeconds: 600)]
        configuration.stageDependencies = [.aggregation: [.deepAnalysis]]
        configuration.totalTimeoutSeconds = 900
        configuration.retry = .quick
        let data = try JSONEncoder().encode(configuration)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"stage_overrides\":{\"deep_analysis\""))
        #expect(try EngineConfiguration.decode(fromJSON: data) == configuration)
    }

    @Test("the retry count comes from the stage override, then the policy, then max_retries_per_stage")
    func retryCountPrecedence() {
        var configuration = EngineConfiguration()
        configuration.maxRetriesPerStage = 1
        #expect(configuration.maxRetries(for: .preparation) == 1)
        configuration.retry = .aggressive
        #expect(configuration.maxRetries(for: .preparation) == 5)
        configuration.stageOverrides[.preparation] = StageOverride(maxRetries: 0)
        #expect(configuration.maxRetries(for: .preparation) == 0)
        #expect(configuration.maxRetries(for: .finalization) == 5)
    }
}

@Suite("Absurd engine values are refused, naming the field")
struct AbsurdEngineValueTests {
    @Test(
        "1e308 seconds (which overflowed Duration and crashed) and a 1e12 ms delay (which hung)",
        arguments: [
            (#"{"stage_timeout_seconds": 1e308}"#, "stage_timeout_seconds"),
            (#"{"total_timeout_seconds": 1e308}"#, "total_timeout_seconds"),
            (#"{"resource_sample_interval_seconds": 1e308}"#, "resource_sample_interval_seconds"),
            (
                #"{"stage_overrides": {"deep_analysis": {"timeout_seconds": 1e308}}}"#,
                "stage_overrides.deep_analysis.timeout_seconds"
            ),
            (#"{"inter_stage_delay_ms": 1e12}"#, "inter_stage_delay_ms"),
            (#"{"retry": {"max_delay_seconds": 1e308}}"#, "retry.max_delay_seconds"),
            (#"{"circuit_breaker": {"reset_seconds": 1e308}}"#, "circuit_breaker.reset_seconds"),
        ])
    func refused(json: String, field: String) {
        do {
            _ = try EngineConfiguration.decode(fromJSON: Data(json.utf8))
            Issue.record("\(json) was accepted")
        } catch let error as ConfigurationError {
            #expect(error.field == field, "\(error)")
        } catch {
            Issue.record("\(error)")
        }
    }
}

@Suite("Numbers JSON cannot hold in their field are named, not called 'not valid JSON'")
struct OutOfRangeNumberTests {
    @Test(
        "a number out of range for its field is an invalid value naming the field and the number",
        arguments: [
            (#"{"stage_timeout_seconds": 1e400}"#, "stage_timeout_seconds", "1e400 is out of range"),
            (#"{"stage_timeout_seconds": -1e999}"#, "stage_timeout_seconds", "-1e999 is out of range"),
            (#"{"max_items_in_flight": 1e30}"#, "max_items_in_flight", "1e30 is out of range for this integer field"),
            (
                #"{"max_items_in_flight": 99999999999999999999}"#, "max_items_in_flight",
                "99999999999999999999 is out of range for this integer field"
            ),
            (#"{"max_items_in_flight": 2.5}"#, "max_items_in_flight", "2.5 is not a whole number"),
            (
                #"{"stage_overrides": {"deep_analysis": {"max_retries": 1, "timeout_seconds": 1e400}}}"#,
                "stage_overrides.deep_analysis.timeout_seconds", "1e400 is out of range"
            ),
            (#"{"enabled_stages": ["preparation"], "retry": {"max_retries": 1e30}}"#, "retry.max_retries", "1e30"),
            (#"{"max_items_in_flight": 1e30, "min_success_rate_sample_size": 2.5}"#, "max_items_in_flight", "1e30"),
        ])
    func named(json: String, field: String, reason: String) {
        do {
            _ = try EngineConfiguration.decode(fromJSON: Data(json.utf8))
            Issue.record("\(json) was accepted")
        } catch let error as ConfigurationError {
            #expect(error.code == .invalidValue && error.field == field, "\(error)")
            #expect(error.reason.hasPrefix(reason), "\(error)")
            #expect(!error.reason.contains("not valid JSON"))
        } catch {
            Issue.record("\(error)")
        }
    }

    @Test("a real syntax error stays malformed, and says where")
    func syntax() {
        do {
            _ = try EngineConfiguration.decode(fromJSON: Data(#"{"max_items_in_flight": 4, "retry": [}"#.utf8))
            Issue.record("accepted")
        } catch let error as ConfigurationError {
            #expect(error.code == .malformed && error.field.isEmpty, "\(error)")
            #expect(error.reason.contains("not valid JSON") && error.reason.contains("character"), "\(error)")
        } catch {
            Issue.record("\(error)")
        }
    }
}
