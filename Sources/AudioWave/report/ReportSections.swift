/// Facts about the decoded audio stream, filled by the preparation stage from the probe.
public struct FileReport: Sendable, Codable, Hashable {
    /// Container format as the decoder names it, lowercased (`"wav"`, `"flac"`, `"ogg"`, `"mp3"`, …).
    public var format: String
    /// Sample encoding, lowercased (`"pcm_16"`, `"pcm_24"`, `"float"`, `"vorbis"`, …).
    public var encoding: String
    /// Native sample rate of the file, Hz.
    public var sampleRate: Int
    /// Number of channels in the file.
    public var channels: Int
    /// Duration of the whole file, seconds.
    public var durationSeconds: Double

    /// Creates the file facts.
    public init(format: String, encoding: String, sampleRate: Int, channels: Int, durationSeconds: Double) {
        self.format = format
        self.encoding = encoding
        self.sampleRate = sampleRate
        self.channels = channels
        self.durationSeconds = durationSeconds
    }

    enum CodingKeys: String, CodingKey {
        case format, encoding, channels
        case sampleRate = "sample_rate"
        case durationSeconds = "duration_s"
    }
}

/// Facts about the input file on disk, recorded so that `--resume` can tell whether it changed.
///
/// The modification time is split into whole seconds and nanoseconds so that it survives a
/// JSON round trip exactly in every language (a nanosecond count overflows JavaScript's doubles).
public struct SourceFacts: Sendable, Codable, Hashable {
    /// File size, bytes.
    public var sizeBytes: Int64
    /// Modification time, whole seconds since the Unix epoch.
    public var mtimeSeconds: Int64
    /// Nanosecond part of the modification time, 0 ..< 1_000_000_000.
    public var mtimeNanoseconds: Int64

    /// Creates source facts.
    public init(sizeBytes: Int64, mtimeSeconds: Int64, mtimeNanoseconds: Int64) {
        self.sizeBytes = sizeBytes
        self.mtimeSeconds = mtimeSeconds
        self.mtimeNanoseconds = mtimeNanoseconds
    }

    enum CodingKeys: String, CodingKey {
        case sizeBytes = "size_bytes"
        case mtimeSeconds = "mtime_s"
        case mtimeNanoseconds = "mtime_ns"
    }
}

/// Tempo and beats, filled by initial (excerpt) or deep (full-track) analysis.
public struct TempoReport: Sendable, Codable, Hashable {
    /// Estimated tempo, beats per minute.
    public var bpm: Double
    /// Confidence of the estimate, 0...1.
    public var confidence: Double
    /// Beat times, seconds from the start of the file, ascending.
    public var beats: [Double]
    /// Alternative tempi, strongest first (usually including the chosen one).
    public var candidates: [TempoCandidateReport]

    /// Creates a tempo report.
    public init(bpm: Double, confidence: Double, beats: [Double], candidates: [TempoCandidateReport]) {
        self.bpm = bpm
        self.confidence = confidence
        self.beats = beats
        self.candidates = candidates
    }
}

/// One ranked tempo hypothesis.
public struct TempoCandidateReport: Sendable, Codable, Hashable {
    /// Tempo in BPM.
    public var bpm: Double
    /// Tempogram strength (prior included) relative to the strongest peak, in 0...1.
    public var strength: Double

    /// Creates a candidate.
    public init(bpm: Double, strength: Double) {
        self.bpm = bpm
        self.strength = strength
    }
}

/// The mode of a musical key.
public enum KeyMode: String, Sendable, Codable, Hashable, CaseIterable {
    /// Major (Ionian).
    case major
    /// Natural minor (Aeolian).
    case minor
}

/// One key hypothesis with its profile-correlation score.
public struct KeyCandidateReport: Sendable, Codable, Hashable {
    /// Key name, e.g. `"A minor"`.
    public var name: String
    /// Correlation score of the key profile, −1...1.
    public var score: Double

    /// Creates a key candidate.
    public init(name: String, score: Double) {
        self.name = name
        self.score = score
    }
}

/// Musical key, filled by key estimation and named by post-processing.
public struct KeyReport: Sendable, Codable, Hashable {
    /// Full name, e.g. `"A minor"`, `"F# major"`.
    public var name: String
    /// Tonic pitch class, e.g. `"A"`, `"F#"`, `"Bb"`.
    public var tonic: String
    /// Major or minor.
    public var mode: KeyMode
    /// Camelot wheel code, `"1A"` … `"12B"` (A = minor, B = major).
    public var camelot: String
    /// Open Key notation, `"1m"` … `"12d"` (m = minor, d = major).
    public var openKey: String
    /// Estimated tuning deviation from A440, cents (−50 ..< 50).
    public var tuningCents: Double
    /// Confidence of the estimate, 0...1.
    public var confidence: Double
    /// Alternative keys, best first.
    public var candidates: [KeyCandidateReport]

    /// Creates a key report.
    public init(
        name: String, tonic: String, mode: KeyMode, camelot: String, openKey: String,
        tuningCents: Double, confidence: Double, candidates: [KeyCandidateReport]
    ) {
        self.name = name
        self.tonic = tonic
        self.mode = mode
        self.camelot = camelot
        self.openKey = openKey
        self.tuningCents = tuningCents
        self.confidence = confidence
        self.candidates = candidates
    }

    enum CodingKeys: String, CodingKey {
        case name, tonic, mode, camelot, confidence, candidates
        case openKey = "open_key"
        case tuningCents = "tuning_cents"
    }
}

/// EBU R 128 loudness, measured on the original channels during feature extraction.
///
/// A value the meter cannot give (the integrated loudness of silence is −∞) is `nil`,
/// written as JSON `null`: JSON has no infinity.
public struct LoudnessReport: Sendable, Codable, Hashable {
    /// Integrated loudness, LUFS.
    public var integratedLUFS: Double?
    /// Loudness range, LU.
    public var rangeLU: Double?
    /// True peak over all channels, dBTP.
    public var truePeakDBTP: Double?

    /// Creates a loudness report; pass nil for a value that is not finite.
    public init(integratedLUFS: Double?, rangeLU: Double?, truePeakDBTP: Double?) {
        self.integratedLUFS = integratedLUFS
        self.rangeLU = rangeLU
        self.truePeakDBTP = truePeakDBTP
    }

    enum CodingKeys: String, CodingKey {
        case integratedLUFS = "integrated_lufs"
        case rangeLU = "range_lu"
        case truePeakDBTP = "true_peak_dbtp"
    }

    /// Encodes every key, writing missing values as explicit JSON `null`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(integratedLUFS, forKey: .integratedLUFS)
        try container.encode(rangeLU, forKey: .rangeLU)
        try container.encode(truePeakDBTP, forKey: .truePeakDBTP)
    }
}

/// Where and why the quality gate ended an item early.
public struct EarlyExitReport: Sendable, Codable, Hashable {
    /// The snake_case name of the stage after which the item ended, e.g. `"initial_analysis"`.
    public var stage: String
    /// The quality score that reached the threshold, 0...1.
    public var quality: Double

    /// Creates an early-exit record.
    public init(stage: String, quality: Double) {
        self.stage = stage
        self.quality = quality
    }
}

/// The outcome of one stage for one item.
public enum StageRunStatus: String, Sendable, Codable, Hashable, CaseIterable {
    /// The stage's handlers succeeded.
    case completed
    /// The stage failed after its retries.
    case failed
    /// The stage exceeded its timeout.
    case timedOut = "timed_out"
    /// The item was cancelled during the stage.
    case cancelled
    /// The stage did not run (disabled, or the item ended early before it).
    case skipped
}

/// One stage's line in a report's `stages` list.
public struct StageReport: Sendable, Codable, Hashable {
    /// The snake_case stage name (`"preparation"`, `"initial_analysis"`, …).
    public var name: String
    /// How the stage ended.
    public var status: StageRunStatus
    /// Number of attempts (1 without retries, 0 when skipped).
    public var attempts: Int
    /// Wall time of the stage including retries, milliseconds.
    public var durationMilliseconds: Double

    /// Creates a stage line.
    public init(name: String, status: StageRunStatus, attempts: Int, durationMilliseconds: Double) {
        self.name = name
        self.status = status
        self.attempts = attempts
        self.durationMilliseconds = durationMilliseconds
    }

    enum CodingKeys: String, CodingKey {
        case name, status, attempts
        case durationMilliseconds = "duration_ms"
    }
}
