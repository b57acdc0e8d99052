/// What one stage did for one item: the record's fields plus the contributions to commit.
struct StageExecution<State: Sendable> {
    var status: StageStatus
    var attempts: Int
    var durationMs: Double
    var quality: Double?
    var notes: [String] = []
    /// Handlers not run because their circuit was open (the others ran).
    var skippedHandlers: [String] = []
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
    /// Runs `stage` for one item: waits for a place in the stage (by the call's priority), then runs
    /// its handlers (in parallel up to the stage's limit), retrying failed ones with backoff, under the
    /// stage timeout and the item deadline, consulting each handler's circuit breaker: a handler whose
    /// circuit is open is skipped and the others run (with partial results allowed; otherwise, or
    /// when every circuit is open, the stage is `circuitOpen`). A timed-out attempt is retried only
    /// with `retry_timed_out`.
    func runStage(
        _ slot: StageSlot<Input, State>, context: StageContext<Input, State>, itemDeadline: Duration?
    ) async -> StageExecution<State> {
        let stage = slot.stage
        let handlers = slot.handlers
        let breakerKeys = slot.breakerIDs
        do { try await slot.limiter.acquire(priority: priority) } catch {
            return StageExecution(status: .cancelled, attempts: 0, durationMs: 0)
        }
        defer { slot.limiter.release() }

        let start = clock.now()
        var execution = StageExecution<State>(status: .completed, attempts: 0, durationMs: 0)
        var outcomes = [StageOutcome<State>?](repeating: nil, count: handlers.count)
        var pending = Array(handlers.indices)
        let maxRetries = slot.maxRetries
        let stageTimeout = slot.timeout
        let parallelism = slot.handlerParallelism
        var generator = SystemRandomNumberGenerator()

        /// Tells each handler's breaker how the handler ended in this stage (once per item, not per attempt).
        func settleBreakers(_ status: StageStatus) {
            guard execution.attempts > 0, status != .circuitOpen else { return }
            for index in handlers.indices {
                let handler = handlers[index]
                let key = breakerKeys[index]
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
            execution.durationMs = (clock.now() - start) / .milliseconds(1)
            if status == .completed {
                // Plain loops: key paths and zip in this generic context cost runtime metadata lookups.
                execution.contributions.reserveCapacity(outcomes.count)
                for index in outcomes.indices {
                    guard let outcome = outcomes[index] else { continue }
                    execution.contributions.append(outcome.contribution)
                    if let quality = outcome.quality { execution.quality = min(execution.quality ?? quality, quality) }
                    if let note = outcome.note { execution.notes.append("\(handlers[index].name): \(note)") }
                }
                emit(
                    .stageCompleted, context, attempt: execution.attempts, durationMs: execution.durationMs,
                    quality: execution.quality)
            } else if status != .cancelled {
                emit(
                    .stageFailed, context, handler: execution.errors.last?.handler, attempt: execution.attempts,
                    durationMs: execution.durationMs, error: execution.errors.last?.message)
            }
            return execution
        }

        while true {
            execution.attempts += 1
            let attempt = execution.attempts
            if Task.isCancelled { return finish(.cancelled) }
            if attempt == 1 {
                let admission = admitThroughBreakers(slot, context: context, attempt: attempt)
                if !admission.refused.isEmpty {
                    execution.errors += admission.errors
                    guard admission.refused.count < handlers.count, configuration.allowPartialResults else {
                        for key in admission.reserved { breakers.releaseTrial(for: key) }
                        return finish(.circuitOpen)
                    }
                    pending.removeAll { admission.refused.contains($0) }
                    execution.skippedHandlers = admission.refused.map { handlers[$0].name }
                }
            }
            emit(.stageStarted, context, attempt: attempt)
            var deadline = (attempt == 1 ? start : clock.now()) + stageTimeout
            var deadlineIsItems = false
            if let itemDeadline, itemDeadline <= deadline {
                deadline = itemDeadline
                deadlineIsItems = true
            }
            let results = await runAttempt(
                pending, of: handlers, context: context, attempt: attempt, deadline: deadline, parallelism: parallelism)

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
                        ItemError(
                            stage: stage, handler: handler.name, kind: .failed, message: "\(error)",
                            attempt: attempt, isPermanent: isPermanent, code: classified?.failureCode,
                            isInputError: classified?.isInputError ?? false))
                case .timedOut:
                    failed.append(index)
                    let kind: ItemError.Kind = deadlineIsItems ? .itemTimeout : .stageTimeout
                    let message =
                        deadlineIsItems
                        ? "item exceeded total_timeout_seconds \(configuration.totalTimeoutSeconds ?? 0)"
                        : "attempt exceeded \(stageTimeout / .seconds(1)) s"
                    // A timed-out attempt is retried only when the configuration asks for it.
                    let isPermanent = deadlineIsItems || !configuration.retryTimedOut
                    permanent = permanent || isPermanent
                    execution.errors.append(
                        ItemError(
                            stage: stage, handler: handler.name, kind: kind, message: message, attempt: attempt,
                            isPermanent: isPermanent))
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
            emit(
                .stageRetried, context, handler: lastError?.handler, attempt: attempt, delayMs: delaySeconds * 1000,
                error: lastError?.message)
            if await !deadlines.wait(until: clock.now() + .seconds(delaySeconds)) { return finish(.cancelled) }
            if let itemDeadline, clock.now() >= itemDeadline {
                execution.itemTimedOut = true
                execution.errors.append(
                    ItemError(
                        stage: stage, handler: nil, kind: .itemTimeout,
                        message: "item exceeded total_timeout_seconds during retry delay", attempt: attempt,
                        isPermanent: true))
                return finish(.timedOut)
            }
            pending = failed
        }
    }

    /// Runs one attempt of the handlers at `indices` (up to `parallelism` at once) in a task group
    /// with a deadline child; returns each handler's outcome at its index (`nil`: never started
    /// because of cancellation). Arrays, not dictionaries or tuples: in this generic context
    /// each distinct generic type costs a run-time metadata lookup.
    private func runAttempt(
        _ indices: [Int], of handlers: [StageHandler<Input, State>], context: StageContext<Input, State>,
        attempt: Int, deadline: Duration, parallelism: Int
    ) async -> [AttemptOutcome<State>?] {
        var results = [AttemptOutcome<State>?](repeating: nil, count: handlers.count)
        guard !indices.isEmpty else { return results }
        return await withTaskGroup(of: AttemptChild<State>.self) { group in
            let deadlines = self.deadlines
            group.addTask { await deadlines.wait(until: deadline) ? .deadline : .timerCancelled }
            var next = 0
            var finished = 0
            func launch() {
                let index = indices[next]
                let handler = handlers[index]
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
            while next < indices.count, next < parallelism { launch() }
            while let child = await group.next() {
                switch child {
                case .handler(let index, .success(let outcome)):
                    results[index] = .succeeded(outcome)
                    finished += 1
                case .handler(let index, .failure(let error)):
                    results[index] = error is CancellationError && Task.isCancelled ? .cancelled : .failed(error)
                    finished += 1
                case .deadline:
                    group.cancelAll()
                    for index in indices where results[index] == nil { results[index] = .timedOut }
                    return results
                case .timerCancelled:
                    continue
                }
                if next < indices.count && !Task.isCancelled {
                    launch()
                } else if finished == indices.count {
                    group.cancelAll()
                    return results
                }
            }
            return results
        }
    }
}
