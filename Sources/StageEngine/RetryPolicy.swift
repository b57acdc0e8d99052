import ConfigurationDecoding

/// How long to wait before each retry of a failed stage, and (optionally) how many retries.
///
/// JSON: an object with the snake_case keys below, or a preset name as a string
/// (`"retry": "quick"`). Missing keys take the defaults of `RetryPolicy()`.
public struct RetryPolicy: Sendable, Codable, Hashable {
    /// How the delay grows from one retry to the next.
    public enum Strategy: String, Sendable, Codable, Hashable, CaseIterable {
        /// `initial × multiplier^(n−1)` for the n-th retry.
        case exponential
        /// `initial × n` for the n-th retry: a delay growing in equal steps.
        case linear
        /// `initial` for every retry: the same delay each time.
        case constant
        /// `initial × F(n)` with F = 1, 1, 2, 3, 5, 8, … for the n-th retry.
        case fibonacci
    }

    /// How the delay grows. Default `exponential`.
    public var strategy: Strategy
    /// Delay before the first retry, in seconds. Default 1.
    public var initialDelaySeconds: Double
    /// Upper bound of any delay, in seconds (applied before jitter is clamped). Default 60.
    public var maxDelaySeconds: Double
    /// Growth factor of the exponential strategy (≥ 1). Default 2.
    public var multiplier: Double
    /// Random spread as a fraction of the delay, 0…1: the delay is scaled by a uniform factor in
    /// `1 − jitter … 1 + jitter`, then clamped to 0…`maxDelaySeconds`. Default 0.
    public var jitter: Double
    /// Retries per stage; `nil` uses the configuration's `max_retries_per_stage`. Presets set it.
    public var maxRetries: Int?

    /// Creates a policy; every argument has the default documented on its property.
    public init(
        strategy: Strategy = .exponential, initialDelaySeconds: Double = 1, maxDelaySeconds: Double = 60,
        multiplier: Double = 2, jitter: Double = 0, maxRetries: Int? = nil
    ) {
        self.strategy = strategy
        self.initialDelaySeconds = initialDelaySeconds
        self.maxDelaySeconds = maxDelaySeconds
        self.multiplier = multiplier
        self.jitter = jitter
        self.maxRetries = maxRetries
    }

    /// 5 retries, 0.5 s doubling up to 30 s, jitter 0.1.
    public static let aggressive = RetryPolicy(
        initialDelaySeconds: 0.5, maxDelaySeconds: 30, multiplier: 2, jitter: 0.1, maxRetries: 5)
    /// 3 retries, 1 s doubling up to 60 s, jitter 0.1.
    public static let standard = RetryPolicy(
        initialDelaySeconds: 1, maxDelaySeconds: 60, multiplier: 2, jitter: 0.1, maxRetries: 3)
    /// 2 retries, 2 s tripling up to 120 s, jitter 0.1.
    public static let conservative = RetryPolicy(
        initialDelaySeconds: 2, maxDelaySeconds: 120, multiplier: 3, jitter: 0.1, maxRetries: 2)
    /// 3 retries, 0.1 s growing ×1.5 up to 5 s, jitter 0.1.
    public static let quick = RetryPolicy(
        initialDelaySeconds: 0.1, maxDelaySeconds: 5, multiplier: 1.5, jitter: 0.1, maxRetries: 3)

    /// The presets by their JSON names.
    public static let presets: [String: RetryPolicy] = [
        "aggressive": .aggressive, "standard": .standard, "conservative": .conservative, "quick": .quick,
    ]

    /// The delay before retry number `retry` (1 for the first retry), in seconds, before jitter.
    /// - Parameter retry: The 1-based retry number; values below 1 are treated as 1.
    /// - Returns: The strategy's delay, capped at `maxDelaySeconds`.
    public func baseDelaySeconds(forRetry retry: Int) -> Double {
        let n = max(1, retry)
        let raw: Double
        switch strategy {
        case .exponential:
            raw = initialDelaySeconds * pow(multiplier, n - 1)
        case .linear:
            raw = initialDelaySeconds * Double(n)
        case .constant:
            raw = initialDelaySeconds
        case .fibonacci:
            var (previous, current) = (0.0, 1.0)
            for _ in 1..<n { (previous, current) = (current, previous + current) }
            raw = initialDelaySeconds * current
        }
        return min(raw, maxDelaySeconds)
    }

    /// The delay before retry number `retry`, with jitter drawn from `generator`.
    /// - Parameters:
    ///   - retry: The 1-based retry number.
    ///   - generator: The source of randomness for jitter.
    /// - Returns: The delay in seconds, within 0…`maxDelaySeconds`.
    public func delaySeconds(forRetry retry: Int, using generator: inout some RandomNumberGenerator) -> Double {
        let base = baseDelaySeconds(forRetry: retry)
        guard jitter > 0 else { return base }
        let factor = Double.random(in: (1 - jitter)...(1 + jitter), using: &generator)
        return min(max(0, base * factor), maxDelaySeconds)
    }

    /// Throws when a value is out of range, naming the field under `prefix`.
    /// - Throws: `ConfigurationError.invalidValue`.
    public func validate(prefix: String = "retry") throws {
        func fail(_ field: String, _ reason: String) -> ConfigurationError {
            ConfigurationError(.invalidValue, field: "\(prefix).\(field)", reason: reason)
        }
        guard initialDelaySeconds.isFinite, initialDelaySeconds >= 0 else {
            throw fail("initial_delay_seconds", "must be a finite number ≥ 0, got \(initialDelaySeconds)")
        }
        guard maxDelaySeconds.isFinite, maxDelaySeconds >= initialDelaySeconds,
            maxDelaySeconds <= EngineConfiguration.maximumSeconds
        else {
            throw fail(
                "max_delay_seconds",
                "must be ≥ initial_delay_seconds and at most \(Int(EngineConfiguration.maximumSeconds)) s, got \(maxDelaySeconds)"
            )
        }
        guard multiplier.isFinite, multiplier >= 1 else {
            throw fail("multiplier", "must be a finite number ≥ 1, got \(multiplier)")
        }
        guard (0...1).contains(jitter) else { throw fail("jitter", "must be within 0…1, got \(jitter)") }
        if let maxRetries, maxRetries < 0 { throw fail("max_retries", "must be ≥ 0, got \(maxRetries)") }
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case strategy
        case initialDelaySeconds = "initial_delay_seconds"
        case maxDelaySeconds = "max_delay_seconds"
        case multiplier, jitter
        case maxRetries = "max_retries"
    }

    /// Decodes a preset name or an object; missing keys take defaults, unknown keys are errors.
    /// - Throws: `ConfigurationError` for an unknown preset or key, `DecodingError` for bad types.
    public init(from decoder: any Decoder) throws {
        if let name = try? decoder.singleValueContainer().decode(String.self) {
            guard let preset = RetryPolicy.presets[name] else {
                let path = decoder.codingPath.map(\.stringValue).joined(separator: ".")
                throw ConfigurationError(
                    .invalidValue, field: path.isEmpty ? "retry" : path,
                    reason:
                        "unknown preset '\(name)'; presets are \(RetryPolicy.presets.keys.sorted().joined(separator: ", "))"
                )
            }
            self = preset
            return
        }
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = RetryPolicy()
        strategy = try container.decode(.strategy, or: defaults.strategy)
        initialDelaySeconds =
            try container.decode(.initialDelaySeconds, or: defaults.initialDelaySeconds)
        maxDelaySeconds = try container.decode(.maxDelaySeconds, or: defaults.maxDelaySeconds)
        multiplier = try container.decode(.multiplier, or: defaults.multiplier)
        jitter = try container.decode(.jitter, or: defaults.jitter)
        maxRetries = try container.decodeIfPresent(Int.self, forKey: .maxRetries)
    }
}

/// `base^exponent` for a small non-negative integer exponent, without Foundation.
private func pow(_ base: Double, _ exponent: Int) -> Double {
    var result = 1.0
    for _ in 0..<max(0, exponent) { result *= base }
    return result
}
