/// What one stage did for one item: the record's fields plus the contributions to commit.
struct StageExecution<State: Sendable> {
    var status: StageStatus
    var attempts: Int
    var durationMs: Double
    var quality: Double?
    var notes: [String] = []
    /// Contributions in commit order; applied by the caller only when `status == .completed`.
    var contributions: [@Sendable (inout State) -> Void] = []
    var errors: [ItemError] = []
    /// The item's own deadline passed (no retry, no finalization).
    var itemTimedOut = false
}

/// How one handler attempt ended.
private enum AttemptOutcome<State: Sendable> {
    case succeeded(StageOutcome<State>)
    case failed(any Error)
    case timedOut
    case cancelled
}

/// What a child of an attempt's task group reports to the attempt loop.
private enum AttemptChild<State: Sendable>: Sendable {
    case handler(Int, Result<StageOutcome<State>, any Error>)
    case deadline
    case timerCancelled
}

extension BatchEnvironment {
    /// Runs `stage` for one item: waits for a place in the stage, then runs its handlers
    /// (in parallel up to the stage's limit), retrying failed ones with backoff, under the
    /// stage timeout and the item deadline, consulting each handler's circuit breaker.
    func runStage(
        _ stage: Stage, context: StageContext<Input, State>, itemDeadline: Duration?
    ) async -> StageExecution<State> {
        let handlers = self.handlers[stage] ?? []
        let limiter = stageLimiters[stage]
        do { try await limiter?.acquire() } catch {
            return StageExecution(status: .cancelled, attempts: 0, durationMs: 0)
        }
        defer { limiter?.release() }

        let start = clock.now()
        var execution = StageExecution<State>(status: .completed, attempts: 0, durationMs: 0)
        var outcomes = [StageOutcome<State>?](repeating: nil, count: handlers.count)
        var pending = Array(handlers.indices)
        let maxRetries = configuration.maxRetries(for: stage)
        let stageTimeout = Duration.seconds(configuration.timeoutSeconds(for: stage))
        let parallelism = configuration.maxParallelHandlers(in: stage)
        var generator = SystemRandomNumberGenerator()

        /// Tells each handler's breaker how the handler ended in this stage (once per item, not per attempt).
        func settleBreakers(_ status: StageStatus) {
            guard execution.attempts > 0, status != .circuitOpen else { return }
            for (index, handler) in handlers.enumerated() {
                let key = breakerKey(stage, handler.name)
                if outcomes[index] != nil {
                    if breakers.recordSuccess(for: key) == .closed { emitCircuit(.circuitClosed, stage, handler.name) }
                } else if status == .cancelled {
                    breakers.releaseTrial(for: key)
                } else if pending.contains(index) {
                    let last = execution.errors.last { $0.handler == handler.name }
                    if last?.isInputError == true {
                        breakers.releaseTrial(for: key)  // bad input says nothing of the handler's health
                    } else {
                        recordBreakerFailure(key, stage, handler.name, reason: last?.message ?? "failed")
                    }
                }
            }
        }

        func finish(_ status: StageStatus) -> StageExecution<State> {
            settleBreakers(status)
            execution.status = status
            execution.durationMs = (clock.now() - start).inMilliseconds
            if status == .completed {
                let done = outcomes.compactMap { $0 }
                execution.contributions = done.map(\.contribution)
                execution.quality = done.compactMap(\.quality).min()
                execution.notes = zip(handlers, outcomes).compactMap { handler, outcome in
                    outcome?.note.map { "\(handler.name): \($0)" }
                }
                emit(.stageCompleted, context, attempt: execution.attempts, durationMs: execution.durationMs,
                     quality: execution.quality)
            } else if status != .cancelled {
                emit(.stageFailed, context, handler: execution.errors.last?.handler, attempt: execution.attempts,
                     durationMs: execution.durationMs, error: execution.errors.last?.message)
            }
            return execution
        }

        while true {
            execution.attempts += 1
            let attempt = execution.attempts
            if Task.isCancelled { return finish(.cancelled) }
            if attempt == 1,
                let refusal = admitThroughBreakers(handlers, context: context, attempt: attempt)
            {
                execution.errors.append(refusal)
                return finish(.circuitOpen)
            }
            emit(.stageStarted, context, attempt: attempt)
            var deadline = clock.now() + stageTimeout
            var deadlineIsItems = false
            if let itemDeadline, itemDeadline <= deadline {
                deadline = itemDeadline
                deadlineIsItems = true
            }
            let results = await runAttempt(
                pending.map { ($0, handlers[$0]) }, context: context, attempt: attempt, deadline: deadline,
                parallelism: parallelism)

            var failed: [Int] = []
            var permanent = false
            var sawCancellation = false
            for index in pending {
                let handler = handlers[index]
                switch results[index] ?? .cancelled {
                case .succeeded(let outcome):
                    outcomes[index] = outcome
                case .failed(let error):
                    failed.append(index)
                    let classified = error as? any FailureClassifying
                    let isPermanent = classified?.isPermanent ?? false
                    permanent = permanent || isPermanent
                    execution.errors.append(
                        ItemError(stage: stage, handler: handler.name, kind: .failed, message: "\(error)",
                                  attempt: attempt, isPermanent: isPermanent, code: classified?.failureCode,
                                  isInputError: classified?.isInputError ?? false))
                case .timedOut:
                    failed.append(index)
                    let kind: ItemError.Kind = deadlineIsItems ? .itemTimeout : .stageTimeout
                    let message = deadlineIsItems
                        ? "item exceeded total_timeout_seconds \(configuration.totalTimeoutSeconds ?? 0)"
                        : "attempt exceeded \(stageTimeout.inSeconds) s"
                    execution.errors.append(
                        ItemError(stage: stage, handler: handler.name, kind: kind, message: message, attempt: attempt,
                                  isPermanent: deadlineIsItems))
                    emit(.stageTimedOut, context, handler: handler.name, attempt: attempt, error: message)
                case .cancelled:
                    sawCancellation = true
                }
            }
            if sawCancellation || Task.isCancelled { return finish(.cancelled) }
            if failed.isEmpty { return finish(.completed) }
            let allTimedOut = execution.errors.last.map { $0.kind == .stageTimeout || $0.kind == .itemTimeout } ?? false
            if deadlineIsItems && allTimedOut {
                execution.itemTimedOut = true
                return finish(.timedOut)
            }
            if permanent || attempt > maxRetries { return finish(allTimedOut ? .timedOut : .failed) }

            let delaySeconds = configuration.retry.delaySeconds(forRetry: attempt, using: &generator)
            let lastError = execution.errors.last
            emit(.stageRetried, context, handler: lastError?.handler, attempt: attempt, delayMs: delaySeconds * 1000,
                 error: lastError?.message)
            do { try await clock.sleep(for: .seconds(delaySeconds)) } catch { return finish(.cancelled) }
            if let itemDeadline, clock.now() >= itemDeadline {
                execution.itemTimedOut = true
                execution.errors.append(
                    ItemError(stage: stage, handler: nil, kind: .itemTimeout,
                              message: "item exceeded total_timeout_seconds during retry delay", attempt: attempt,
                              isPermanent: true))
                return finish(.timedOut)
            }
            pending = failed
        }
    }

    /// Runs one attempt of `handlers` in a task group with a deadline timer; returns each
    /// handler's outcome by its index.
    private func runAttempt(
        _ handlers: [(Int, StageHandler<Input, State>)], context: StageContext<Input, State>, attempt: Int,
        deadline: Duration, parallelism: Int
    ) async -> [Int: AttemptOutcome<State>] {
        guard !handlers.isEmpty else { return [:] }
        return await withTaskGroup(of: AttemptChild<State>.self) { group in
            let clock = self.clock
            group.addTask {
                do {
                    try await clock.sleepUntil(deadline)
                    return .deadline
                } catch {
                    return .timerCancelled
                }
            }
            var results: [Int: AttemptOutcome<State>] = [:]
            var next = 0
            func launch() {
                let (index, handler) = handlers[next]
                next += 1
                var handlerContext = context
                handlerContext.handlerName = handler.name
                handlerContext.attempt = attempt
                group.addTask {
                    do {
                        return .handler(index, .success(try await handler.body(handlerContext)))
                    } catch {
                        return .handler(index, .failure(error))
                    }
                }
            }
            while next < handlers.count, next < parallelism { launch() }
            while let child = await group.next() {
                switch child {
                case .handler(let index, .success(let outcome)):
                    results[index] = .succeeded(outcome)
                case .handler(let index, .failure(let error)):
                    results[index] = error is CancellationError && Task.isCancelled ? .cancelled : .failed(error)
                case .deadline:
                    group.cancelAll()
                    for (index, _) in handlers where results[index] == nil { results[index] = .timedOut }
                    return results
                case .timerCancelled:
                    continue
                }
                if next < handlers.count && !Task.isCancelled {
                    launch()
                } else if results.count == handlers.count {
                    group.cancelAll()
                    return results
                }
            }
            return results
        }
    }
}
