/// Event and circuit-breaker helpers shared by the item and stage runners.
extension BatchEnvironment {

    /// Asks every handler's breaker for permission, reserving the half-open trials of those let
    /// through. Returns the handlers refused (their circuit is open), one error each (a
    /// `stage_skipped` event each), and the trial reservations made, to release if the stage is not run.
    func admitThroughBreakers(
        _ slot: StageSlot<Input, State>, context: StageContext<Input, State>, attempt: Int
    ) -> (refused: [Int], errors: [ItemError], reserved: [Int]) {
        var refused: [Int] = []
        var errors: [ItemError] = []
        var reserved: [Int] = []
        for index in slot.handlers.indices {
            let handler = slot.handlers[index]
            let key = slot.breakerIDs[index]
            switch breakers.permission(for: key, now: shared.clock.now() / .seconds(1)) {
            case .allowed:
                continue
            case .trial(let transitioned):
                reserved.append(key)
                if transitioned { emitCircuit(.circuitHalfOpen, context.stage, handler.name) }
            case .rejected:
                let reason = "circuit open for handler \(handler.name)"
                emit(.stageSkipped, context, handler: handler.name, attempt: attempt, reason: reason)
                refused.append(index)
                errors.append(
                    ItemError(
                        stage: context.stage, handler: handler.name, kind: .circuitOpen, message: reason,
                        attempt: attempt, isPermanent: true))
            }
        }
        return (refused, errors, reserved)
    }

    /// Records a failed attempt in the handler's breaker and reports an opening.
    func recordBreakerFailure(_ key: Int, _ stage: Stage, _ handler: String, reason: String) {
        if breakers.recordFailure(for: key, now: shared.clock.now() / .seconds(1)) == .open {
            emitCircuit(.circuitOpened, stage, handler, reason: reason)
        }
    }

    /// Emits a circuit transition event.
    func emitCircuit(_ type: EngineEvent.Kind, _ stage: Stage, _ handler: String, reason: String? = nil) {
        emitter.emit { EngineEvent(type: type, elapsedMs: $0, stage: stage, handler: handler, reason: reason) }
    }

    /// Emits a stage event for the item in `context`.
    func emit(
        _ type: EngineEvent.Kind, _ context: StageContext<Input, State>, handler: String? = nil, attempt: Int? = nil,
        durationMs: Double? = nil, delayMs: Double? = nil, quality: Double? = nil, error: String? = nil,
        reason: String? = nil
    ) {
        emitter.emit {
            EngineEvent(
                type: type, elapsedMs: $0, itemIndex: context.itemIndex, itemID: context.itemID, stage: context.stage,
                handler: handler, attempt: attempt, durationMs: durationMs, delayMs: delayMs, quality: quality,
                error: error, reason: reason)
        }
    }
}
