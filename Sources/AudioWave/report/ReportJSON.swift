import Foundation

/// The one JSON convention for reports: sorted keys (a stable order), unescaped slashes.
///
/// JSON has no NaN or infinity: encoding a report holding a non-finite number throws
/// `EncodingError.invalidValue`; the code that fills a report maps such values to nil first.
public enum ReportJSON {
    /// Makes the encoder every writer uses.
    /// - Parameter prettyPrinted: Indent the output (per-file JSON) or keep it on one line (JSONL).
    /// - Returns: A JSON encoder with `.sortedKeys` and `.withoutEscapingSlashes`.
    public static func makeEncoder(prettyPrinted: Bool = false) -> JSONEncoder {
        let encoder = JSONEncoder()
        var formatting: JSONEncoder.OutputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        if prettyPrinted { formatting.insert(.prettyPrinted) }
        encoder.outputFormatting = formatting
        return encoder
    }

    /// Encodes a value as one JSON line, without the trailing newline.
    /// - Parameter value: The value (a report, an engine event, …).
    /// - Returns: UTF-8 JSON with no newline characters.
    /// - Throws: `EncodingError` when the value holds a non-finite number.
    public static func encodeLine<T: Encodable>(_ value: T) throws -> Data {
        try makeEncoder().encode(value)
    }

    /// Decodes a report from JSON (a JSONL line or a per-file record).
    /// - Parameter data: UTF-8 JSON of one record.
    /// - Returns: The decoded report.
    /// - Throws: `DecodingError` when the JSON does not match the report layout.
    public static func decodeReport(from data: Data) throws -> AnalysisReport {
        try JSONDecoder().decode(AnalysisReport.self, from: data)
    }
}
