import ArgumentParser
import AudioWave
import Foundation

/// The options `analyze` and `eval` share: what is computed and how, so that `eval` scores exactly
/// what `analyze` would report with the same flags.
struct AnalysisOptions: ParsableArguments {
    // Numbers are parsed `.unconditional` so that `--jobs -1` reaches validation ("must be at least 1")
    // instead of being read as a flag and reported as a missing value.

    @Option(parsing: .unconditional, help: "Files analyzed at once (default: the number of cores).")
    var jobs: Int?

    @Option(
        help: ArgumentHelp(
            "Compute only these analyses, comma-separated: \(Analysis.allCases.map(\.rawValue).joined(separator: ",")) (default: all for analyze, tempo,key for eval).",
            valueName: "list"), transform: AnalysisList.init(parsing:))
    var only: AnalysisList?

    @Option(help: "Key profile (default: \(KeyProfile.default.rawValue)).")
    var keyProfile: KeyProfile?

    @Option(parsing: .unconditional, help: "Analysis sample rate in Hz.")
    var sampleRate: Int = 22050

    @Option(
        parsing: .unconditional,
        help: "Length of the centred excerpt of the fast initial analysis, in seconds (at least 5).")
    var excerptSeconds: Double = 30

    @Flag(help: "Give every file the full analysis (no quality-gated early exit after the excerpt).")
    var noEarlyExit = false

    @Option(
        help:
            "Log level of the analyzer's messages on stderr: trace, debug (every file), info (failures), notice (governor changes, opened circuits), warning (default: nothing per file), error, critical."
    )
    var logLevel: Logger.Level = .warning

    /// The analyzer's logger: swift-log's stream handler on standard error at ``logLevel`` (no global
    /// bootstrap, so in-process runs in tests can make several).
    var logger: Logger {
        var logger = Logger(label: "audiowave") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = logLevel
        return logger
    }

    @Option(
        help:
            "Loudness of a file the quality gate ends early: 'full' measures the whole file in a loudness-only pass, 'excerpt' reports the excerpt's (faster, an estimate; the report's loudness.scope says which)."
    )
    var loudness: LoudnessSpan = .full

    /// `--loudness full|excerpt`.
    enum LoudnessSpan: String, ExpressibleByArgument, CaseIterable {
        case full, excerpt
    }

    // The sample rate and excerpt are checked once, by AnalysisConfiguration.validate() when the analyzer
    // is made (exit 2, naming the field); only what has no configuration field is checked here.
    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1, got \(jobs)") }
    }

    /// Sets these options on `configuration`. `jobs` (when given) sets both engine limits; `defaultAnalyses`
    /// applies when `--only` is absent.
    func apply(to configuration: inout AnalysisConfiguration, defaultAnalyses: Set<Analysis>? = nil) {
        configuration.sampleRate = sampleRate
        configuration.excerptSeconds = excerptSeconds
        if noEarlyExit { configuration.engine.earlyTerminationOnQuality = false }
        configuration.loudnessFromExcerpt = loudness == .excerpt
        if let keyProfile { configuration.key.profile = keyProfile }
        if let analyses = only?.analyses ?? defaultAnalyses { configuration.analyses = analyses }
        if let jobs {
            configuration.engine.maxItemsInFlight = jobs
            configuration.engine.maxParallelItemsPerStage = jobs
        }
    }
}

/// `--only tempo,key`: a comma-separated list of analyses.
struct AnalysisList: ExpressibleByArgument, Sendable, Hashable {
    var analyses: Set<Analysis>

    init(_ analyses: Set<Analysis>) { self.analyses = analyses }

    init?(argument: String) {
        guard let analyses = try? Analysis.parseList(argument) else { return nil }
        self.analyses = analyses
    }

    /// Parses the list, naming the entry that is wrong ("unknown analysis 'bpm'; choose from …").
    init(parsing argument: String) throws {
        do {
            analyses = try Analysis.parseList(argument)
        } catch {
            throw ValidationError(error.reason)
        }
    }

    var defaultValueDescription: String {
        Analysis.allCases.filter(analyses.contains).map(\.rawValue).joined(separator: ",")
    }
}

// Conformances here, not in the library: the CLI is the only place that parses these from arguments.
extension Logger.Level: @retroactive ExpressibleByArgument {}
extension KeyProfile: ExpressibleByArgument {}

extension Shard: ExpressibleByArgument {
    /// `K/N` as ``Shard/init(parsing:)`` reads it.
    public init?(argument: String) {
        guard let shard = try? Shard(parsing: argument) else { return nil }
        self = shard
    }
}
