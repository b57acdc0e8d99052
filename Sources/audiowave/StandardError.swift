import Foundation

/// Messages for the user on standard error, written with `write(contentsOf:)`, which throws where the
/// legacy `FileHandle.write(_:)` traps (a closed pipe, a full disk): a message that cannot be shown is
/// dropped, the run is never killed by it.
enum StandardError {
    static func write(_ text: String) {
        try? FileHandle.standardError.write(contentsOf: Data(text.utf8))
    }
}
