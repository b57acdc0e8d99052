import ConfigurationDecoding
import Foundation

/// Everything that shapes how the engine runs a batch. A value: build it in code, or decode it
/// from JSON with snake_case keys (missing keys take the defaults below; unknown keys are errors).
///
/// ```json
/// {"enabled_stages": ["preparation", "finalization"], "max_items_in_flight": 4, "retry": "quick"}
/// ```
public struct EngineConfiguration: Sendable, Codable, Hashable {
    /// The stages to run. Default: all seven. Order comes from `Stage` order and `stageDependencies`.
    public var enabledStages: [Stage]
    /// Items admitted at once (before the governor scales it down). Default 10.
    public var maxItemsInFlight: Int
    /// Items inside one stage at once, for every stage without an override. Default 10.
    public var maxParallelItemsPerStage: Int
    /// Handlers of one stage running at once for one item. Default 4.
    public var maxParallelHandlersPerStage: Int
    /// Per-stage overrides of parallelism, timeout and retries. Default none.
    public var stageOverrides: [Stage: StageOverride]
    /// Extra ordering: `[b: [a]]` means `b` runs after `a`. Default none (canonical order).
    public var stageDependencies: [Stage: [Stage]]
    /// Timeout of one attempt of one stage, in seconds. Default 300.
    public var stageTimeoutSeconds: Double
    /// Timeout of a whole item, in seconds; `nil` for none. Default `nil`.
    public var totalTimeoutSeconds: Double?
    /// Retries of a failed stage attempt (when `retry.max_retries` is unset). Default 2.
    public var maxRetriesPerStage: Int
    /// Whether an attempt that hit its stage timeout is retried like a failed one. Default `false`: a
    /// stage that ran out of time once is likely to again, and a retry would hold the item for another
    /// full timeout (an item timeout is never retried).
    public var retryTimedOut: Bool
    /// Pause between two stages of one item, in milliseconds. Default 0.
    public var interStageDelayMs: Double
    /// Process resident memory above which the governor scales down, in MiB. Default 1000.
    public var memoryThresholdMB: Double
    /// CPU use of the machine's other processes (percent of all cores) above which the governor scales down.
    /// Default 80.
    public var cpuThresholdPercent: Double
    /// Memory still available to new work (the machine's `MemAvailable`, or a container's limit minus its
    /// working set) below which the governor scales down, in MiB; 0 switches the floor off. Default 256.
    public var minAvailableMemoryMB: Double
    /// Whether the resource governor runs. Default `true`.
    public var adaptiveScaling: Bool
    /// Seconds between two governor samples. Default 1.
    public var resourceSampleIntervalSeconds: Double
    /// Minimum success rate of any stage over the batch; below it the batch stops admitting. Default 0.8.
    public var minSuccessRatePerStage: Double
    /// Stage outcomes needed before `min_success_rate_per_stage` is enforced. Default 10.
    public var minSuccessRateSampleSize: Int
    /// Whether a failed stage ends the item as `partial` (finalization still runs). Default `true`.
    public var allowPartialResults: Bool
    /// Whether the quality gate may end items early. Default `true`.
    public var progressiveMode: Bool
    /// Whether reaching `quality_threshold` skips to finalization (needs `progressive_mode`). Default `true`.
    public var earlyTerminationOnQuality: Bool
    /// Stage quality (0…1) at or above which an item skips to finalization. Default 0.95.
    public var qualityThreshold: Double
    /// Backoff between retries. Default `RetryPolicy()` (exponential, 1 s, 60 s, ×2, no jitter).
    public var retry: RetryPolicy
    /// Per-handler circuit breaker. Default `.standard` (3 failures, 2 successes, 30 s).
    public var circuitBreaker: CircuitBreakerConfiguration

    /// Creates the default configuration.
    public init() {
        enabledStages = Stage.allCases
        maxItemsInFlight = 10
        maxParallelItemsPerStage = 10
        maxParallelHandlersPerStage = 4
        stageOverrides = [:]
        stageDependencies = [:]
        stageTimeoutSeconds = 300
        totalTimeoutSeconds = nil
        maxRetriesPerStage = 2
        retryTimedOut = false
        interStageDelayMs = 0
        memoryThresholdMB = 1000
        cpuThresholdPercent = 80
        minAvailableMemoryMB = 256
        adaptiveScaling = true
        resourceSampleIntervalSeconds = 1
        minSuccessRatePerStage = 0.8
        minSuccessRateSampleSize = 10
        allowPartialResults = true
        progressiveMode = true
        earlyTerminationOnQuality = true
        qualityThreshold = 0.95
        retry = RetryPolicy()
        circuitBreaker = .standard
    }

    /// Reads a configuration from JSON, filling missing keys from `base`, then validates it.
    /// - Parameters:
    ///   - data: A UTF-8 JSON object.
    ///   - base: What a missing key takes (default: the engine's defaults). A program with defaults of
    ///     its own (the CLI runs one item per core) passes them here, so a configuration file changes
    ///     only what it names.
    /// - Returns: The validated configuration.
    /// - Throws: `ConfigurationError` (`.unknownKey`, `.malformed`, `.invalidValue`, …) naming the field.
    public static func decode(
        fromJSON data: Data, over base: EngineConfiguration = EngineConfiguration()
    ) throws
        -> EngineConfiguration
    {
        let configuration: EngineConfiguration
        let decoder = JSONDecoder()
        if let baseKey { decoder.userInfo[baseKey] = base }
        do {
            configuration = try decoder.decode(EngineConfiguration.self, from: data)
        } catch let DecodingError.dataCorrupted(context) where context.codingPath.isEmpty {
            // Foundation says "not valid JSON" for a number that does not fit its field too: name the number.
            let number = JSONNumberDiagnosis.culprit(in: data) { variant in
                do {
                    _ = try decoder.decode(EngineConfiguration.self, from: variant)
                    return true
                } catch DecodingError.dataCorrupted(let context) where context.codingPath.isEmpty {
                    return false
                } catch {
                    return true
                }
            }
            if let number { throw ConfigurationError(.invalidValue, field: number.field, reason: number.reason) }
            throw ConfigurationError(.malformed, field: "", reason: Self.syntaxError(in: data, context))
        } catch let error as ConfigurationError {
            throw error
        } catch let DecodingError.typeMismatch(type, context) {
            throw ConfigurationError(.malformed, field: Self.path(context), reason: "expected \(type)")
        } catch let DecodingError.valueNotFound(type, context) {
            throw ConfigurationError(.malformed, field: Self.path(context), reason: "expected \(type), found null")
        } catch let DecodingError.dataCorrupted(context) {
            throw ConfigurationError(.malformed, field: Self.path(context), reason: context.debugDescription)
        } catch {
            throw ConfigurationError(.malformed, field: "", reason: "\(error)")
        }
        try configuration.validate()
        return configuration
    }

    /// JSONSerialization's account of a syntax error (it says where: "around line 3, column 7"), else the decoder's.
    private static func syntaxError(in data: Data, _ context: DecodingError.Context) -> String {
        do {
            _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            if let detail = (error as NSError).userInfo["NSDebugDescription"] as? String {
                return "not valid JSON: \(detail)"
            }
        }
        return context.debugDescription
    }

    private static func path(_ context: DecodingError.Context) -> String {
        context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case enabledStages = "enabled_stages"
        case maxItemsInFlight = "max_items_in_flight"
        case maxParallelItemsPerStage = "max_parallel_items_per_stage"
        case maxParallelHandlersPerStage = "max_parallel_handlers_per_stage"
        case stageOverrides = "stage_overrides"
        case stageDependencies = "stage_dependencies"
        case stageTimeoutSeconds = "stage_timeout_seconds"
        case totalTimeoutSeconds = "total_timeout_seconds"
        case maxRetriesPerStage = "max_retries_per_stage"
        case retryTimedOut = "retry_timed_out"
        case interStageDelayMs = "inter_stage_delay_ms"
        case memoryThresholdMB = "memory_threshold_mb"
        case cpuThresholdPercent = "cpu_threshold_percent"
        case minAvailableMemoryMB = "min_available_memory_mb"
        case adaptiveScaling = "adaptive_scaling"
        case resourceSampleIntervalSeconds = "resource_sample_interval_seconds"
        case minSuccessRatePerStage = "min_success_rate_per_stage"
        case minSuccessRateSampleSize = "min_success_rate_sample_size"
        case allowPartialResults = "allow_partial_results"
        case progressiveMode = "progressive_mode"
        case earlyTerminationOnQuality = "early_termination_on_quality"
        case qualityThreshold = "quality_threshold"
        case retry
        case circuitBreaker = "circuit_breaker"
    }

    /// Where ``decode(fromJSON:over:)`` passes the base a missing key takes.
    static let baseKey = CodingUserInfoKey(rawValue: "audiowave.engine.base")

    /// Decodes from a JSON object; missing keys take defaults (or the base given to
    /// ``decode(fromJSON:over:)``), unknown keys are errors.
    /// Does not validate values: call `validate()` (``decode(fromJSON:)`` does).
    /// - Throws: `ConfigurationError` for unknown keys or stages, `DecodingError` for bad types.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self = Self.baseKey.flatMap { decoder.userInfo[$0] } as? EngineConfiguration ?? EngineConfiguration()
        enabledStages = try c.decode(.enabledStages, or: enabledStages)
        maxItemsInFlight = try c.decode(.maxItemsInFlight, or: maxItemsInFlight)
        maxParallelItemsPerStage = try c.decode(.maxParallelItemsPerStage, or: maxParallelItemsPerStage)
        maxParallelHandlersPerStage = try c.decode(.maxParallelHandlersPerStage, or: maxParallelHandlersPerStage)
        stageOverrides = try c.decodeStageDictionary(StageOverride.self, forKey: .stageOverrides) ?? stageOverrides
        stageDependencies = try c.decodeStageDictionary([Stage].self, forKey: .stageDependencies) ?? stageDependencies
        stageTimeoutSeconds = try c.decode(.stageTimeoutSeconds, or: stageTimeoutSeconds)
        if c.contains(.totalTimeoutSeconds) {
            totalTimeoutSeconds = try c.decodeIfPresent(Double.self, forKey: .totalTimeoutSeconds)
        }
        maxRetriesPerStage = try c.decode(.maxRetriesPerStage, or: maxRetriesPerStage)
        retryTimedOut = try c.decode(.retryTimedOut, or: retryTimedOut)
        interStageDelayMs = try c.decode(.interStageDelayMs, or: interStageDelayMs)
        memoryThresholdMB = try c.decode(.memoryThresholdMB, or: memoryThresholdMB)
        cpuThresholdPercent = try c.decode(.cpuThresholdPercent, or: cpuThresholdPercent)
        minAvailableMemoryMB = try c.decode(.minAvailableMemoryMB, or: minAvailableMemoryMB)
        adaptiveScaling = try c.decode(.adaptiveScaling, or: adaptiveScaling)
        resourceSampleIntervalSeconds = try c.decode(.resourceSampleIntervalSeconds, or: resourceSampleIntervalSeconds)
        minSuccessRatePerStage = try c.decode(.minSuccessRatePerStage, or: minSuccessRatePerStage)
        minSuccessRateSampleSize = try c.decode(.minSuccessRateSampleSize, or: minSuccessRateSampleSize)
        allowPartialResults = try c.decode(.allowPartialResults, or: allowPartialResults)
        progressiveMode = try c.decode(.progressiveMode, or: progressiveMode)
        earlyTerminationOnQuality = try c.decode(.earlyTerminationOnQuality, or: earlyTerminationOnQuality)
        qualityThreshold = try c.decode(.qualityThreshold, or: qualityThreshold)
        retry = try c.decode(.retry, or: retry)
        circuitBreaker = try c.decode(.circuitBreaker, or: circuitBreaker)
    }

    /// Encodes every field under its snake_case key (stage dictionaries keyed by stage name).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(enabledStages, forKey: .enabledStages)
        try c.encode(maxItemsInFlight, forKey: .maxItemsInFlight)
        try c.encode(maxParallelItemsPerStage, forKey: .maxParallelItemsPerStage)
        try c.encode(maxParallelHandlersPerStage, forKey: .maxParallelHandlersPerStage)
        try c.encodeStageDictionary(stageOverrides, forKey: .stageOverrides)
        try c.encodeStageDictionary(stageDependencies, forKey: .stageDependencies)
        try c.encode(stageTimeoutSeconds, forKey: .stageTimeoutSeconds)
        try c.encodeIfPresent(totalTimeoutSeconds, forKey: .totalTimeoutSeconds)
        try c.encode(maxRetriesPerStage, forKey: .maxRetriesPerStage)
        try c.encode(retryTimedOut, forKey: .retryTimedOut)
        try c.encode(interStageDelayMs, forKey: .interStageDelayMs)
        try c.encode(memoryThresholdMB, forKey: .memoryThresholdMB)
        try c.encode(cpuThresholdPercent, forKey: .cpuThresholdPercent)
        try c.encode(minAvailableMemoryMB, forKey: .minAvailableMemoryMB)
        try c.encode(adaptiveScaling, forKey: .adaptiveScaling)
        try c.encode(resourceSampleIntervalSeconds, forKey: .resourceSampleIntervalSeconds)
        try c.encode(minSuccessRatePerStage, forKey: .minSuccessRatePerStage)
        try c.encode(minSuccessRateSampleSize, forKey: .minSuccessRateSampleSize)
        try c.encode(allowPartialResults, forKey: .allowPartialResults)
        try c.encode(progressiveMode, forKey: .progressiveMode)
        try c.encode(earlyTerminationOnQuality, forKey: .earlyTerminationOnQuality)
        try c.encode(qualityThreshold, forKey: .qualityThreshold)
        try c.encode(retry, forKey: .retry)
        try c.encode(circuitBreaker, forKey: .circuitBreaker)
    }
}

/// Settings that replace the configuration-wide ones for one stage. `nil` keeps the global value.
///
/// JSON keys: `max_parallel_items`, `max_parallel_handlers`, `timeout_seconds`, `max_retries`.
public struct StageOverride: Sendable, Codable, Hashable {
    /// Items inside this stage at once.
    public var maxParallelItems: Int?
    /// Handlers of this stage running at once for one item.
    public var maxParallelHandlers: Int?
    /// Timeout of one attempt of this stage, in seconds.
    public var timeoutSeconds: Double?
    /// Retries of this stage (takes precedence over `retry.max_retries` and `max_retries_per_stage`).
    public var maxRetries: Int?

    /// Creates an override; `nil` fields keep the configuration-wide value.
    public init(
        maxParallelItems: Int? = nil, maxParallelHandlers: Int? = nil, timeoutSeconds: Double? = nil,
        maxRetries: Int? = nil
    ) {
        self.maxParallelItems = maxParallelItems
        self.maxParallelHandlers = maxParallelHandlers
        self.timeoutSeconds = timeoutSeconds
        self.maxRetries = maxRetries
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case maxParallelItems = "max_parallel_items"
        case maxParallelHandlers = "max_parallel_handlers"
        case timeoutSeconds = "timeout_seconds"
        case maxRetries = "max_retries"
    }

    /// Decodes an object; unknown keys are errors.
    /// - Throws: `ConfigurationError.unknownKey`, or `DecodingError` for bad types.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        maxParallelItems = try c.decodeIfPresent(Int.self, forKey: .maxParallelItems)
        maxParallelHandlers = try c.decodeIfPresent(Int.self, forKey: .maxParallelHandlers)
        timeoutSeconds = try c.decodeIfPresent(Double.self, forKey: .timeoutSeconds)
        maxRetries = try c.decodeIfPresent(Int.self, forKey: .maxRetries)
    }
}
