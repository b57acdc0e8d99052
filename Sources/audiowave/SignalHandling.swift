import Foundation
import Synchronization

/// SIGINT and SIGTERM for a batch: the first one calls `onFirst` (stop admitting, let in-flight work
/// finish, flush) and, `gracePeriodSeconds` later, `onGraceExpired` (cancel what is still running);
/// a second signal exits at once with status 130.
final class SignalHandling: @unchecked Sendable {
    private var sources: [DispatchSourceSignal] = []  // touched only in init/deinit
    private let count = SignalCount()

    init(
        gracePeriodSeconds: Double, onFirst: @escaping @Sendable () -> Void,
        onGraceExpired: @escaping @Sendable () -> Void
    ) {
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { [count] in
                let seen = count.increment()
                if seen == 1 {
                    let message =
                        "\ninterrupted: no new files start; files in flight get \(Int(gracePeriodSeconds)) s to "
                        + "finish, then are left for --resume (interrupt again to quit now)\n"
                    StandardError.write(message)
                    onFirst()
                    DispatchQueue.global().asyncAfter(deadline: .now() + gracePeriodSeconds) { onGraceExpired() }
                } else {
                    StandardError.write("\ninterrupted twice: exiting now\n")
                    exit(130)
                }
            }
            source.resume()
            sources.append(source)
        }
    }

    /// Whether a signal has arrived.
    var wasInterrupted: Bool { count.value > 0 }
}

/// How many signals arrived.
private final class SignalCount: Sendable {
    private let count = Mutex(0)

    var value: Int { count.withLock { $0 } }

    func increment() -> Int {
        count.withLock { value in
            value += 1
            return value
        }
    }
}
