import Foundation

/// What the service is told at start: from the environment, then the command line (arguments win).
///
/// | argument | environment | default |
/// | --- | --- | --- |
/// | `--root PATH` | `INGEST_ROOT` | the current folder |
/// | `--host HOST` | `INGEST_HOST` | `127.0.0.1` |
/// | `--port N` | `INGEST_PORT` | `8080` |
/// | `--max-upload-bytes N` | `INGEST_MAX_UPLOAD_BYTES` | 209715200 (200 MiB) |
/// | `--jobs N` | `INGEST_JOBS` | the number of cores |
/// | `--grace-seconds S` | `INGEST_GRACE_SECONDS` | `30` |
/// | `--spool-folder PATH` | `INGEST_SPOOL_FOLDER` | the system's temporary folder |
public struct IngestConfiguration: Sendable, Equatable {
    /// The folder `{"path": …}` requests are resolved under; nothing outside it is read.
    public var root: String
    /// The address to listen on.
    public var host: String
    /// The port to listen on (0: any free port).
    public var port: Int
    /// The largest upload accepted; a larger body gets 413.
    public var maxUploadBytes: Int
    /// Files analysed at once, over all requests (the analyzer's `maxItemsInFlight`).
    public var jobs: Int
    /// How long a graceful shutdown waits for analyses in flight before cancelling them.
    public var graceSeconds: Double
    /// Where uploads are written while they are analysed (each in its own folder, deleted after).
    public var spoolFolder: String

    /// The defaults of the table above.
    public init(
        root: String = FileManager.default.currentDirectoryPath, host: String = "127.0.0.1", port: Int = 8080,
        maxUploadBytes: Int = 200 * 1024 * 1024, jobs: Int = ProcessInfo.processInfo.activeProcessorCount,
        graceSeconds: Double = 30, spoolFolder: String = FileManager.default.temporaryDirectory.path
    ) {
        self.root = root
        self.host = host
        self.port = port
        self.maxUploadBytes = maxUploadBytes
        self.jobs = jobs
        self.graceSeconds = graceSeconds
        self.spoolFolder = spoolFolder
    }

    /// Reads the environment, then the arguments.
    /// - Parameters:
    ///   - arguments: The command line without the program name.
    ///   - environment: The process environment.
    /// - Returns: The configuration.
    /// - Throws: ``IngestConfigurationError`` naming the bad setting.
    public static func load(
        arguments: [String], environment: [String: String]
    ) throws(IngestConfigurationError)
        -> IngestConfiguration
    {
        var settings: [String: String] = [:]
        for option in Option.allCases {
            if let value = environment[option.environmentName] { settings[option.rawValue] = value }
        }
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let argument = arguments[index]
            if argument == "--help" || argument == "-h" { throw .helpRequested }
            var name = argument
            var value: String?
            if let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                value = String(argument[argument.index(after: equals)...])
            }
            guard name.hasPrefix("--"), let option = Option(rawValue: String(name.dropFirst(2))) else {
                throw .unknownArgument(argument)
            }
            if value == nil {
                index += 1
                guard index < arguments.endIndex else { throw .missingValue(name) }
                value = arguments[index]
            }
            settings[option.rawValue] = value
            index += 1
        }
        var configuration = IngestConfiguration()
        if let root = settings[Option.root.rawValue] { configuration.root = root }
        if let host = settings[Option.host.rawValue] { configuration.host = host }
        if let spool = settings[Option.spoolFolder.rawValue] { configuration.spoolFolder = spool }
        configuration.port = try integer(settings, .port, default: configuration.port, range: 0...65_535)
        configuration.maxUploadBytes = try integer(
            settings, .maxUploadBytes, default: configuration.maxUploadBytes, range: 1...Int.max)
        configuration.jobs = try integer(settings, .jobs, default: configuration.jobs, range: 1...1_024)
        if let text = settings[Option.graceSeconds.rawValue] {
            guard let seconds = Double(text), seconds.isFinite, seconds >= 0 else {
                throw .invalidValue(Option.graceSeconds.rawValue, text)
            }
            configuration.graceSeconds = seconds
        }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: configuration.root, isDirectory: &isFolder), isFolder.boolValue
        else { throw .rootNotAFolder(configuration.root) }
        return configuration
    }

    private static func integer(
        _ settings: [String: String], _ option: Option, default value: Int, range: ClosedRange<Int>
    ) throws(IngestConfigurationError) -> Int {
        guard let text = settings[option.rawValue] else { return value }
        guard let number = Int(text), range.contains(number) else { throw .invalidValue(option.rawValue, text) }
        return number
    }

    private enum Option: String, CaseIterable {
        case root, host, port
        case maxUploadBytes = "max-upload-bytes"
        case jobs
        case graceSeconds = "grace-seconds"
        case spoolFolder = "spool-folder"

        var environmentName: String {
            "INGEST_" + rawValue.uppercased().replacingOccurrences(of: "-", with: "_")
        }
    }

    /// The usage text `--help` prints.
    public static let usage = """
        usage: ingest-service [--root PATH] [--host HOST] [--port N] [--max-upload-bytes N] [--jobs N]
                              [--grace-seconds S] [--spool-folder PATH]
        Each option can also be set by its environment variable: INGEST_ROOT, INGEST_HOST, INGEST_PORT,
        INGEST_MAX_UPLOAD_BYTES, INGEST_JOBS, INGEST_GRACE_SECONDS, INGEST_SPOOL_FOLDER (arguments win).
        """
}

/// A setting the service cannot start with.
public enum IngestConfigurationError: Error, Equatable, CustomStringConvertible {
    case helpRequested
    case unknownArgument(String)
    case missingValue(String)
    case invalidValue(String, String)
    case rootNotAFolder(String)

    public var description: String {
        switch self {
        case .helpRequested: IngestConfiguration.usage
        case .unknownArgument(let argument): "unknown argument \(argument)\n\(IngestConfiguration.usage)"
        case .missingValue(let name): "\(name) needs a value"
        case .invalidValue(let name, let value): "invalid value for \(name): \(value)"
        case .rootNotAFolder(let root): "root is not a folder: \(root)"
        }
    }
}
