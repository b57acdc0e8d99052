import Foundation

/// A file named by an option that cannot be used, in words: the option, the path and the reason
/// (`--config engine.json: cannot read: No such file or directory`), never Foundation's `NSError` dump.
struct FileArgumentError: Error, CustomStringConvertible {
    /// The option, e.g. `--config`.
    var option: String
    /// The path as given.
    var path: String
    /// What failed and why, e.g. `cannot read: Is a directory`.
    var reason: String

    var description: String { "\(option) \(path): \(reason)" }

    /// The error of `option path` for `reason`.
    init(option: String, path: String, reason: String) {
        self.option = option
        self.path = path
        self.reason = reason
    }

    /// The error of `option path` for `error`, which happened while doing `action` ("cannot read").
    init(option: String, path: String, action: String, _ error: any Error) {
        self.option = option
        self.path = path
        self.reason = "\(action): \(Self.reason(error))"
    }

    /// A file-system error in a reader's words: the system's sentence for its errno (`No such file or
    /// directory`, `Is a directory`), Foundation's sentence for its other errors, an AudioWave error's own text.
    static func reason(_ error: any Error) -> String {
        let bridged = error as NSError
        if bridged.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(bridged.code))) }
        guard bridged.domain == NSCocoaErrorDomain else { return "\(error)" }
        if let underlying = bridged.userInfo[NSUnderlyingErrorKey] as? any Error {
            let posix = underlying as NSError
            if posix.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(posix.code))) }
        }
        return bridged.localizedDescription
    }
}
