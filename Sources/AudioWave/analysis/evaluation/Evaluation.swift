import AudioWaveDSP
import Foundation

/// What an analyzer said about one file, handed to ``Evaluation`` by the caller.
public struct FileEstimate: Sendable, Codable, Hashable {
    /// Estimated tempo in BPM, if any.
    public var bpm: Double?
    /// Confidence of the tempo in 0...1, if any.
    public var tempoConfidence: Double?
    /// Estimated key, if any.
    public var key: MusicalKey?
    /// Confidence of the key in 0...1, if any.
    public var keyConfidence: Double?
    /// Why there is no tempo (the report's `tempo_unavailable_reason`, e.g. "silent"), if given.
    public var tempoUnavailableReason: String?
    /// Why there is no key (the report's `key_unavailable_reason`, e.g. atonal input), if given.
    public var keyUnavailableReason: String?

    /// Creates an estimate.
    public init(
        bpm: Double? = nil, tempoConfidence: Double? = nil, key: MusicalKey? = nil, keyConfidence: Double? = nil,
        tempoUnavailableReason: String? = nil, keyUnavailableReason: String? = nil
    ) {
        self.bpm = bpm
        self.tempoConfidence = tempoConfidence
        self.key = key
        self.keyConfidence = keyConfidence
        self.tempoUnavailableReason = tempoUnavailableReason
        self.keyUnavailableReason = keyUnavailableReason
    }

    /// Builds an estimate from the analysis results.
    public init(tempo: TempoEstimate?, key: KeyEstimate?) {
        self.init(bpm: tempo?.bpm, tempoConfidence: tempo?.confidence, key: key?.key, keyConfidence: key?.confidence)
    }
}

/// Scores tempo and key estimates against a truth table.
///
/// The analysis itself is the caller's: ``run(entries:confidenceThreshold:estimate:)`` calls the closure
/// once per entry, in order, and records a thrown error as that file's result without stopping.
public enum Evaluation {
    /// Evaluates every entry.
    /// - Parameters:
    ///   - entries: the truth table (``TruthTable/load(from:)``).
    ///   - confidenceThreshold: the confidence whose calibration is reported (default 0.95).
    ///   - estimate: analyses one file.
    /// - Returns: per-file rows and totals.
    public static func run(
        entries: [TruthEntry], confidenceThreshold: Double = 0.95,
        estimate: (TruthEntry) async throws -> FileEstimate
    ) async -> EvaluationReport {
        var rows: [EvaluationRow] = []
        for entry in entries {
            let started = ContinuousClock.now
            do {
                let result = try await estimate(entry)
                let elapsed = ContinuousClock.now - started
                rows.append(EvaluationRow(entry: entry, estimate: result, seconds: elapsed / .seconds(1)))
            } catch {
                var row = EvaluationRow(
                    entry: entry, estimate: FileEstimate(), seconds: (ContinuousClock.now - started) / .seconds(1))
                row.error = "\(error)"
                rows.append(row)
            }
        }
        return EvaluationReport(rows: rows, confidenceThreshold: confidenceThreshold)
    }
}

/// One file's references, estimates and scores.
public struct EvaluationRow: Sendable, Codable, Hashable {
    /// Path as written in the truth table.
    public var path: String
    /// The truth table's `source` for this file, if any.
    public var source: String?
    /// Reference tempo, BPM.
    public var referenceBPM: Double?
    /// Estimated tempo, BPM.
    public var estimatedBPM: Double?
    /// Tempo confidence.
    public var tempoConfidence: Double?
    /// ACC1 (within 4%); nil without a reference.
    public var acc1: Bool?
    /// ACC2 (within 4% of ×1, ×2, ×3, ×½, ×⅓); nil without a reference.
    public var acc2: Bool?
    /// How the tempo missed (×2, ×½, ×3, ×⅓, other, none); nil when right (ACC1) or unlabelled.
    public var tempoError: TempoErrorClass?
    /// Why the analysis gave no tempo, when it said.
    public var tempoUnavailableReason: String?
    /// Reference key name.
    public var referenceKey: String?
    /// Estimated key name.
    public var estimatedKey: String?
    /// Key confidence.
    public var keyConfidence: Double?
    /// MIREX category; nil without a reference.
    public var keyMatch: KeyMatch?
    /// MIREX weight; nil without a reference.
    public var keyScore: Double?
    /// How the key missed (fifth, relative, parallel, other, none); nil when right or unlabelled.
    public var keyError: KeyErrorClass?
    /// Why the analysis gave no key (e.g. atonal input), when it said.
    public var keyUnavailableReason: String?
    /// Wall time the estimate took, seconds.
    public var seconds: Double
    /// The error the analysis threw, if any.
    public var error: String?

    /// Scores `estimate` against `entry`.
    public init(entry: TruthEntry, estimate: FileEstimate, seconds: Double) {
        path = entry.path
        source = entry.source
        referenceBPM = entry.bpm
        estimatedBPM = estimate.bpm
        tempoConfidence = estimate.tempoConfidence
        tempoUnavailableReason = estimate.bpm == nil ? estimate.tempoUnavailableReason : nil
        if let reference = entry.bpm {
            acc1 = estimate.bpm.map { TempoAccuracy.isACC1(estimate: $0, reference: reference) } ?? false
            acc2 = estimate.bpm.map { TempoAccuracy.isACC2(estimate: $0, reference: reference) } ?? false
            tempoError = TempoErrorClass(estimate: estimate.bpm, reference: reference)
        }
        referenceKey = entry.key?.name
        estimatedKey = estimate.key?.name
        keyConfidence = estimate.keyConfidence
        keyUnavailableReason = estimate.key == nil ? estimate.keyUnavailableReason : nil
        if let reference = entry.key {
            let match = KeyMatch(estimate: estimate.key, reference: reference)
            keyMatch = match
            keyScore = match.score
            keyError = KeyErrorClass(estimate: estimate.key, reference: reference)
        }
        self.seconds = seconds
    }

    enum CodingKeys: String, CodingKey {
        case path, source, acc1, acc2, seconds, error
        case tempoError = "tempo_error"
        case keyError = "key_error"
        case tempoUnavailableReason = "tempo_unavailable_reason"
        case keyUnavailableReason = "key_unavailable_reason"
        case referenceBPM = "reference_bpm"
        case estimatedBPM = "estimated_bpm"
        case tempoConfidence = "tempo_confidence"
        case referenceKey = "reference_key"
        case estimatedKey = "estimated_key"
        case keyConfidence = "key_confidence"
        case keyMatch = "key_match"
        case keyScore = "key_score"
    }
}
