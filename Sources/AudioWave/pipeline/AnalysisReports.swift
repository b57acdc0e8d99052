import AudioWaveReport
import Synchronization

/// The reports of a running batch, in the order files finish, as handed to the body of
/// ``AudioAnalyzer/reports(for:priority:bufferSize:control:onEvent:_:)``. Iterate it once; the
/// sequence ends when the batch does (or when the iterating task is cancelled).
///
/// At most `bufferSize` reports wait to be read: a batch whose reader is slow stops there (it takes
/// no further result and admits no file) until the reader catches up.
public struct AnalysisReports: AsyncSequence, Sendable {
    public typealias Element = AnalysisReport
    public typealias Failure = Never

    let channel: ReportChannel

    /// Reads the reports one at a time.
    public struct AsyncIterator: AsyncIteratorProtocol {
        public typealias Element = AnalysisReport
        public typealias Failure = Never

        let channel: ReportChannel

        /// The next report, or nil when the batch has ended.
        public mutating func next() async -> AnalysisReport? { await channel.next() }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(channel: channel) }
}

/// A bounded line of reports between one producer (the batch loop) and one reader. `send` waits
/// while the line is full; `close` (the reader is gone) ends every wait and drops what is left.
final class ReportChannel: Sendable {
    private struct State {
        var buffer: [AnalysisReport] = []
        var head = 0
        /// The producer has finished: once the buffer is empty, `next` returns nil.
        var isFinished = false
        /// The reader is gone: sends are dropped.
        var isClosed = false
        /// `next` returned nil because the batch ended (not because of a cancellation).
        var readerSawEnd = false
        var reader: CheckedContinuation<AnalysisReport?, Never>?
        var sender: (report: AnalysisReport, continuation: CheckedContinuation<Bool, Never>)?
        var count: Int { buffer.count - head }
    }

    /// Reports that may wait unread.
    let capacity: Int
    private let state = Mutex(State())

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// Whether a send waits for room (the producer is held back).
    var hasWaitingSender: Bool { state.withLock { $0.sender != nil } }

    /// Whether the reader read to the end of the batch.
    var readerSawEnd: Bool { state.withLock { $0.readerSawEnd } }

    /// Hands a report to the reader, waiting while `capacity` reports are unread.
    /// - Returns: false when the report was dropped: the reader is gone or the producer was cancelled.
    @discardableResult
    func send(_ report: AnalysisReport) async -> Bool {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
                let (accepted, reader) = state.withLock {
                    state -> (Bool?, CheckedContinuation<AnalysisReport?, Never>?) in
                    if state.isClosed || Task.isCancelled { return (false, nil) }
                    if let reader = state.reader {
                        state.reader = nil
                        return (true, reader)
                    }
                    if state.count < capacity {
                        state.buffer.append(report)
                        return (true, nil)
                    }
                    state.sender = (report, continuation)
                    return (nil, nil)
                }
                reader?.resume(returning: report)
                if let accepted { continuation.resume(returning: accepted) }
            }
        } onCancel: {
            let sender = state.withLock { state -> CheckedContinuation<Bool, Never>? in
                defer { state.sender = nil }
                return state.sender?.continuation
            }
            sender?.resume(returning: false)
        }
    }

    /// The producer is done: the reader gets what is buffered, then nil.
    func finish() {
        let reader = state.withLock { state -> CheckedContinuation<AnalysisReport?, Never>? in
            state.isFinished = true
            guard state.count == 0, let reader = state.reader else { return nil }
            state.reader = nil
            state.readerSawEnd = true
            return reader
        }
        reader?.resume(returning: nil)
    }

    /// The reader is gone: drops the buffer and wakes a waiting sender (its report is dropped).
    func close() {
        let sender = state.withLock { state -> CheckedContinuation<Bool, Never>? in
            state.isClosed = true
            state.buffer.removeAll()
            state.head = 0
            defer { state.sender = nil }
            return state.sender?.continuation
        }
        sender?.resume(returning: false)
    }

    /// The next report, waiting for one; nil once the producer finished and the buffer is empty, or
    /// when the reading task is cancelled.
    func next() async -> AnalysisReport? {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<AnalysisReport?, Never>) in
                let (ready, sender) = state.withLock {
                    state -> (AnalysisReport??, CheckedContinuation<Bool, Never>?) in
                    if Task.isCancelled || state.isClosed { return (.some(nil), nil) }
                    if state.count > 0 {
                        let report = state.buffer[state.head]
                        state.head += 1
                        var woken: CheckedContinuation<Bool, Never>?
                        if let sender = state.sender {
                            state.buffer.append(sender.report)
                            state.sender = nil
                            woken = sender.continuation
                        }
                        if state.head >= 64 {
                            state.buffer.removeFirst(state.head)
                            state.head = 0
                        }
                        return (.some(report), woken)
                    }
                    if state.isFinished {
                        state.readerSawEnd = true
                        return (.some(nil), nil)
                    }
                    state.reader = continuation
                    return (.none, nil)
                }
                sender?.resume(returning: true)
                if case .some(let report) = ready { continuation.resume(returning: report) }
            }
        } onCancel: {
            let reader = state.withLock { state -> CheckedContinuation<AnalysisReport?, Never>? in
                defer { state.reader = nil }
                return state.reader
            }
            reader?.resume(returning: nil)
        }
    }
}
