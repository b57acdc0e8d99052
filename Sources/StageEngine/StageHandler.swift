/// One named unit of work in a stage. A stage holds one or more handlers; for one item they may
/// run in parallel, each reading the state committed by earlier stages and returning an outcome.
///
/// ```swift
/// let probe = StageHandler<URL, TrackState>(name: "probe", stage: .preparation) { context in
///     let facts = try probeFile(context.input)
///     return StageOutcome(quality: nil) { $0.facts = facts }
/// }
/// ```
public struct StageHandler<Input: Sendable, State: Sendable>: Sendable {
    /// The handler's work: read the context, return an outcome or throw.
    public typealias Body = @Sendable (StageContext<Input, State>) async throws -> StageOutcome<State>

    /// Name, unique within its stage; also the circuit breaker's key.
    public var name: String
    /// The stage the handler belongs to.
    public var stage: Stage
    /// Higher priority starts first and has its contribution applied first. Ties: registration order.
    public var priority: Int
    /// The work.
    public var body: Body

    /// Creates a handler.
    /// - Parameters:
    ///   - name: Unique within `stage`.
    ///   - stage: The stage it belongs to.
    ///   - priority: Higher runs and commits first. Default 0.
    ///   - body: The work; throw `PermanentFailure` (or an error conforming to
    ///     `FailureClassifying`) to stop retries.
    public init(name: String, stage: Stage, priority: Int = 0, body: @escaping Body) {
        self.name = name
        self.stage = stage
        self.priority = priority
        self.body = body
    }
}

/// What a handler sees: the item's input, the state committed so far, and where it runs.
public struct StageContext<Input: Sendable, State: Sendable>: Sendable {
    /// The item as given to `run` (for example a file URL).
    public var input: Input
    /// The state committed by the stages before this one. Read-only: contribute via the outcome.
    public var state: State
    /// The stage being run.
    public var stage: Stage
    /// The handler being run.
    public var handlerName: String
    /// 1 for the first attempt, 2 for the first retry, …
    public var attempt: Int
    /// The item's position in the batch (0 for `runOne`).
    public var itemIndex: Int
    /// The item's identifier (its description unless the engine was given one).
    public var itemID: String
}

/// A handler's result: a change to the item's state, applied only when the whole stage
/// succeeds, plus an optional quality score and note.
public struct StageOutcome<State: Sendable>: Sendable {
    /// Applies the handler's contribution to the state.
    public var contribution: @Sendable (inout State) -> Void
    /// How good the stage's result is, 0…1 (clamped); drives the quality gate. `nil`: no opinion.
    public var quality: Double?
    /// A short remark kept in the stage record.
    public var note: String?

    /// Creates an outcome.
    /// - Parameters:
    ///   - quality: Optional quality 0…1 (values outside are clamped; NaN counts as `nil`).
    ///   - note: Optional remark.
    ///   - contribution: The change to apply to the state on success.
    public init(
        quality: Double? = nil, note: String? = nil,
        contribution: @escaping @Sendable (inout State) -> Void = { _ in }
    ) {
        self.contribution = contribution
        self.quality = quality.flatMap { $0.isNaN ? nil : min(1, max(0, $0)) }
        self.note = note
    }

    /// An outcome that changes nothing and has no quality.
    public static var unchanged: StageOutcome { StageOutcome() }

    /// An outcome that sets one field of the state to `value`.
    /// - Parameters:
    ///   - keyPath: The field to write.
    ///   - value: The value to store.
    ///   - quality: Optional quality 0…1.
    ///   - note: Optional remark.
    public static func setting<Value: Sendable>(
        _ keyPath: WritableKeyPath<State, Value> & Sendable, to value: Value, quality: Double? = nil,
        note: String? = nil
    ) -> StageOutcome {
        StageOutcome(quality: quality, note: note) { $0[keyPath: keyPath] = value }
    }
}

/// An error that says whether retrying can help. Conform your domain errors to it, or wrap
/// them in `PermanentFailure`.
public protocol FailureClassifying: Error {
    /// `true` when a retry cannot succeed (bad input, unsupported format): the stage fails at once.
    var isPermanent: Bool { get }
    /// A short, stable code for the failure (e.g. `truncated`), kept in ``ItemError/code``. Default `nil`.
    var failureCode: String? { get }
    /// `true` when the item itself is bad (a corrupt file, say): the failure says nothing about the
    /// handler's health, so it counts toward neither the handler's circuit breaker nor the stage's
    /// success rate. Default `false`.
    var isInputError: Bool { get }
}

extension FailureClassifying {
    /// No code by default.
    public var failureCode: String? { nil }
    /// Not an input error by default.
    public var isInputError: Bool { false }
}

/// Wraps an error to mark it permanent: the stage is not retried.
public struct PermanentFailure: FailureClassifying, CustomStringConvertible {
    /// The error being wrapped.
    public var underlying: any Error
    /// Always `true`.
    public var isPermanent: Bool { true }
    /// The underlying error's code, when it has one.
    public var failureCode: String? { (underlying as? any FailureClassifying)?.failureCode }
    /// Whether the underlying error blames the input.
    public var isInputError: Bool { (underlying as? any FailureClassifying)?.isInputError ?? false }

    /// Marks `underlying` as permanent.
    public init(_ underlying: any Error) {
        self.underlying = underlying
    }

    /// The underlying error's description.
    public var description: String { String(describing: underlying) }
}

/// A plain permanent error with a message, for handlers that have no error type of their own.
public struct StageFailure: FailureClassifying, CustomStringConvertible, Equatable {
    /// What went wrong.
    public var message: String
    /// Whether retrying can help.
    public var isPermanent: Bool

    /// Creates an error.
    /// - Parameters:
    ///   - message: What went wrong.
    ///   - isPermanent: `true` to stop retries. Default `false`.
    public init(_ message: String, isPermanent: Bool = false) {
        self.message = message
        self.isPermanent = isPermanent
    }

    /// The message.
    public var description: String { message }
}
