extension EngineConfiguration {
    /// The enabled stages in the order they run: a topological order of `stageDependencies`
    /// (Kahn's algorithm), ties broken by canonical `Stage` order.
    /// - Returns: Every enabled stage once.
    /// - Throws: `ConfigurationError` with code `.noStages` (nothing enabled), `.invalidValue`
    ///   (a stage listed twice), `.disabledDependency` (naming the stage and the dependency) or
    ///   `.dependencyCycle` (naming the stages on the cycle).
    public func resolvedStageOrder() throws -> [Stage] {
        guard !enabledStages.isEmpty else {
            throw ConfigurationError(.noStages, field: "enabled_stages", reason: "at least one stage must be enabled")
        }
        let enabled = Set(enabledStages)
        guard enabled.count == enabledStages.count else {
            let duplicate = enabledStages.first { stage in enabledStages.filter { $0 == stage }.count > 1 }
            throw ConfigurationError(
                .invalidValue, field: "enabled_stages",
                reason: "stage '\(duplicate?.rawValue ?? "?")' is listed more than once")
        }
        var remainingDependencies: [Stage: Set<Stage>] = [:]
        var dependents: [Stage: [Stage]] = [:]
        for stage in enabled {
            let dependencies = stageDependencies[stage] ?? []
            for dependency in dependencies where !enabled.contains(dependency) {
                throw ConfigurationError(
                    .disabledDependency, field: "stage_dependencies.\(stage.rawValue)",
                    reason: "depends on '\(dependency.rawValue)', which is not enabled")
            }
            remainingDependencies[stage] = Set(dependencies)
            for dependency in Set(dependencies) { dependents[dependency, default: []].append(stage) }
        }
        var ready = enabled.filter { remainingDependencies[$0]?.isEmpty ?? true }
        var order: [Stage] = []
        while let next = ready.min() {
            ready.remove(next)
            order.append(next)
            for dependent in dependents[next] ?? [] {
                remainingDependencies[dependent]?.remove(next)
                if remainingDependencies[dependent]?.isEmpty == true { ready.insert(dependent) }
            }
        }
        guard order.count == enabled.count else {
            let stuck = enabled.subtracting(order).sorted().map(\.rawValue).joined(separator: ", ")
            throw ConfigurationError(
                .dependencyCycle, field: "stage_dependencies",
                reason: "dependency cycle among \(stuck)")
        }
        return order
    }
}
