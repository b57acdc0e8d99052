extension EngineConfiguration {
    /// The longest time any setting may name, in seconds (a week): timeouts, intervals and delays become
    /// `Duration`s, and a value like 1e308 would overflow them (it crashed the CLI).
    public static let maximumSeconds: Double = 7 * 24 * 3600

    /// Throws on the first invalid value, naming its field; also resolves the stage order, so
    /// cycles and dependencies on disabled stages are reported here.
    /// - Throws: `ConfigurationError` (`.invalidValue`, `.noStages`, `.dependencyCycle`,
    ///   `.disabledDependency`).
    public func validate() throws {
        func invalid(_ field: String, _ reason: String) -> ConfigurationError {
            ConfigurationError(.invalidValue, field: field, reason: reason)
        }
        func requirePositive(_ value: Int, _ field: String) throws {
            guard value >= 1 else { throw invalid(field, "must be ≥ 1, got \(value)") }
        }
        func requireSeconds(_ value: Double, _ field: String) throws {
            guard value.isFinite, value > 0, value <= Self.maximumSeconds else {
                throw invalid(field, "must be > 0 and at most \(Int(Self.maximumSeconds)) s (a week), got \(value)")
            }
        }
        try requirePositive(maxItemsInFlight, "max_items_in_flight")
        try requirePositive(maxParallelItemsPerStage, "max_parallel_items_per_stage")
        try requirePositive(maxParallelHandlersPerStage, "max_parallel_handlers_per_stage")
        try requireSeconds(stageTimeoutSeconds, "stage_timeout_seconds")
        if let totalTimeoutSeconds { try requireSeconds(totalTimeoutSeconds, "total_timeout_seconds") }
        guard maxRetriesPerStage >= 0 else {
            throw invalid("max_retries_per_stage", "must be ≥ 0, got \(maxRetriesPerStage)")
        }
        guard interStageDelayMs.isFinite, interStageDelayMs >= 0, interStageDelayMs <= 60_000 else {
            throw invalid("inter_stage_delay_ms", "must be within 0…60000 ms, got \(interStageDelayMs)")
        }
        guard memoryThresholdMB.isFinite, memoryThresholdMB > 0 else {
            throw invalid("memory_threshold_mb", "must be a finite number > 0, got \(memoryThresholdMB)")
        }
        guard cpuThresholdPercent.isFinite, cpuThresholdPercent > 0, cpuThresholdPercent <= 100 else {
            throw invalid("cpu_threshold_percent", "must be within (0, 100], got \(cpuThresholdPercent)")
        }
        guard minAvailableMemoryMB.isFinite, minAvailableMemoryMB >= 0, minAvailableMemoryMB <= 1e9 else {
            throw invalid(
                "min_available_memory_mb", "must be a finite number within [0, 1e9], got \(minAvailableMemoryMB)")
        }
        try requireSeconds(resourceSampleIntervalSeconds, "resource_sample_interval_seconds")
        guard (0...1).contains(minSuccessRatePerStage) else {
            throw invalid("min_success_rate_per_stage", "must be within 0…1, got \(minSuccessRatePerStage)")
        }
        try requirePositive(minSuccessRateSampleSize, "min_success_rate_sample_size")
        guard (0...1).contains(qualityThreshold) else {
            throw invalid("quality_threshold", "must be within 0…1, got \(qualityThreshold)")
        }
        try retry.validate()
        try circuitBreaker.validate()
        for (stage, override) in stageOverrides.sorted(by: { $0.key < $1.key }) {
            let prefix = "stage_overrides.\(stage.rawValue)"
            if let value = override.maxParallelItems { try requirePositive(value, "\(prefix).max_parallel_items") }
            if let value = override.maxParallelHandlers {
                try requirePositive(value, "\(prefix).max_parallel_handlers")
            }
            if let value = override.timeoutSeconds { try requireSeconds(value, "\(prefix).timeout_seconds") }
            if let value = override.maxRetries, value < 0 {
                throw invalid("\(prefix).max_retries", "must be ≥ 0, got \(value)")
            }
        }
        _ = try resolvedStageOrder()
    }

    /// Items allowed inside `stage` at once (its override, else `max_parallel_items_per_stage`).
    public func maxParallelItems(in stage: Stage) -> Int {
        stageOverrides[stage]?.maxParallelItems ?? maxParallelItemsPerStage
    }

    /// Handlers of `stage` allowed to run at once for one item.
    public func maxParallelHandlers(in stage: Stage) -> Int {
        stageOverrides[stage]?.maxParallelHandlers ?? maxParallelHandlersPerStage
    }

    /// Timeout of one attempt of `stage`, in seconds.
    public func timeoutSeconds(for stage: Stage) -> Double {
        stageOverrides[stage]?.timeoutSeconds ?? stageTimeoutSeconds
    }

    /// Retries allowed for `stage`: its override, else `retry.max_retries`, else `max_retries_per_stage`.
    public func maxRetries(for stage: Stage) -> Int {
        stageOverrides[stage]?.maxRetries ?? retry.maxRetries ?? maxRetriesPerStage
    }

    /// Whether a stage reaching `qualityThreshold` ends the item early.
    public var isQualityGateEnabled: Bool { progressiveMode && earlyTerminationOnQuality }
}
