import AudioWaveReport

/// What ``TagWriter`` means to write for one report, decided before the file is opened: per field, the value in
/// the chosen notation and whether its confidence allows writing it, or why the analysis has none. Pure: no I/O.
public struct TagPlan: Sendable, Hashable {
    /// One field's decision.
    public struct Entry: Sendable, Hashable {
        /// What to do with the field.
        public enum Decision: Sendable, Hashable {
            /// Write the value (its confidence reaches the threshold).
            case write(String)
            /// The value's confidence is below the threshold: leave the tag as it is.
            case belowThreshold(String)
            /// The analysis has no value, for the reason given: leave the tag as it is.
            case unavailable(reason: String)
        }

        /// BPM or key.
        public var field: TagField
        /// The analysis's confidence, nil when it has no value.
        public var confidence: Double?
        /// What to do.
        public var decision: Decision

        /// The value written (or that would be, were it confident enough); nil when unavailable.
        public var value: String? {
            switch decision {
            case .write(let value), .belowThreshold(let value): value
            case .unavailable: nil
            }
        }
    }

    /// BPM then key; empty when ``skipReason`` is set.
    public var entries: [Entry]
    /// Why no field is considered at all: the analysis did not succeed. Nil when it did.
    public var skipReason: String?

    /// Plans the tags of `report`.
    /// - Parameters:
    ///   - report: A finished analysis; only an `ok` one is tagged.
    ///   - options: The threshold and the key's notation.
    public init(report: AnalysisReport, options: TagWriteOptions) {
        guard report.status == .ok else {
            entries = []
            let cause = report.error.map { ": \($0.code.rawValue)" } ?? ""
            skipReason = "the analysis did not succeed (status \(report.status.rawValue)\(cause))"
            return
        }
        skipReason = nil
        entries = [Self.bpmEntry(report, options), Self.keyEntry(report, options)]
    }

    /// The tempo as an integer BPM, as ID3v2 `TBPM` and MP4 `tmpo` hold it (rounded half away from zero:
    /// 127.5 → 128); nil when it rounds outside 1...65535 or is not a number.
    public static func bpmValue(_ bpm: Double) -> String? {
        guard bpm.isFinite else { return nil }
        let rounded = bpm.rounded()
        guard rounded >= 1, rounded <= 65535 else { return nil }
        return String(Int(rounded))
    }

    private static func bpmEntry(_ report: AnalysisReport, _ options: TagWriteOptions) -> Entry {
        guard let tempo = report.tempo else {
            let reason = report.tempoUnavailableReason ?? "no tempo in the report"
            return Entry(field: .bpm, confidence: nil, decision: .unavailable(reason: reason))
        }
        guard let value = bpmValue(tempo.bpm) else {
            let reason = "\(tempo.bpm) BPM cannot be written as an integer 1...65535"
            return Entry(field: .bpm, confidence: tempo.confidence, decision: .unavailable(reason: reason))
        }
        return Entry(field: .bpm, confidence: tempo.confidence, decision: decide(value, tempo.confidence, options))
    }

    private static func keyEntry(_ report: AnalysisReport, _ options: TagWriteOptions) -> Entry {
        guard let key = report.key else {
            let reason = report.keyUnavailableReason ?? "no key in the report"
            return Entry(field: .key, confidence: nil, decision: .unavailable(reason: reason))
        }
        let value = options.keyNotation.value(of: key)
        return Entry(field: .key, confidence: key.confidence, decision: decide(value, key.confidence, options))
    }

    private static func decide(_ value: String, _ confidence: Double, _ options: TagWriteOptions) -> Entry.Decision {
        confidence >= options.minConfidence ? .write(value) : .belowThreshold(value)
    }
}
