import AudioWaveDSP
import Foundation

/// One labelled file of an evaluation set.
public struct TruthEntry: Sendable, Codable, Hashable {
    /// The path as written in the CSV (relative to the CSV's folder, or absolute).
    public var path: String
    /// The file's location.
    public var url: URL
    /// Reference tempo in BPM, when labelled.
    public var bpm: Double?
    /// Reference key, when labelled.
    public var key: MusicalKey?
    /// Where the file comes from (the `source` column), for the per-source breakdown; nil when empty.
    public var source: String?

    /// Creates an entry.
    public init(path: String, url: URL, bpm: Double?, key: MusicalKey?, source: String? = nil) {
        self.path = path
        self.url = url
        self.bpm = bpm
        self.key = key
        self.source = source
    }
}

/// A problem reading an evaluation truth table.
public struct EvaluationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of problem.
    public enum Code: String, Sendable, Equatable {
        /// The CSV could not be read.
        case unreadable
        /// The CSV has no `path` column, or a row has an unparseable value.
        case malformed
    }

    /// What kind of problem.
    public var code: Code
    /// The CSV file.
    public var path: String
    /// What happened, with the line number when there is one.
    public var reason: String

    /// Creates an error.
    public init(code: Code, path: String, reason: String) {
        self.code = code
        self.path = path
        self.reason = reason
    }

    /// "truth.csv: malformed: line 3: bpm 'fast' is not a number".
    public var description: String { "\(path): \(code.rawValue): \(reason)" }
}

/// Reads `path,bpm,key[,source][,…]` truth tables.
public enum TruthTable {
    /// Reads a truth CSV. The header names the columns (`path` required; `bpm`, `key`, `source` optional,
    /// in any order; others ignored). Paths are resolved against the CSV's folder; an empty label is "not
    /// labelled". Keys are parsed by ``MusicalKey/init(parsing:)``.
    /// - Parameter url: the CSV file.
    /// - Returns: the entries in file order.
    /// - Throws: ``EvaluationError`` `.unreadable` or `.malformed` (with the line number).
    public static func load(from url: URL) throws(EvaluationError) -> [TruthEntry] {
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw EvaluationError(code: .unreadable, path: url.path, reason: "\(error.localizedDescription)")
        }
        return try parse(text, base: url.deletingLastPathComponent(), csvPath: url.path)
    }

    /// Parses truth CSV text; relative paths are resolved against `base`.
    /// - Throws: ``EvaluationError`` `.malformed`.
    public static func parse(
        _ text: String, base: URL, csvPath: String = "truth.csv"
    ) throws(EvaluationError)
        -> [TruthEntry]
    {
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        guard let header = lines.first else { return [] }
        let columns = fields(of: String(header)).map { $0.lowercased() }
        guard let pathColumn = columns.firstIndex(of: "path") else {
            throw EvaluationError(code: .malformed, path: csvPath, reason: "line 1: no 'path' column")
        }
        let bpmColumn = columns.firstIndex(of: "bpm")
        let keyColumn = columns.firstIndex(of: "key")
        let sourceColumn = columns.firstIndex(of: "source")
        var entries: [TruthEntry] = []
        for (offset, line) in lines.enumerated().dropFirst() {
            let values = fields(of: String(line))
            guard values.contains(where: { !$0.isEmpty }) else { continue }
            func value(_ column: Int?) -> String {
                guard let column, column < values.count else { return "" }
                return values[column]
            }
            let path = value(pathColumn)
            guard !path.isEmpty else {
                throw EvaluationError(code: .malformed, path: csvPath, reason: "line \(offset + 1): empty path")
            }
            var bpm: Double?
            if !value(bpmColumn).isEmpty {
                guard let parsed = Double(value(bpmColumn)), parsed > 0, parsed.isFinite else {
                    throw EvaluationError(
                        code: .malformed, path: csvPath,
                        reason: "line \(offset + 1): bpm '\(value(bpmColumn))' is not a positive number")
                }
                bpm = parsed
            }
            var key: MusicalKey?
            if !value(keyColumn).isEmpty {
                guard let parsed = MusicalKey(parsing: value(keyColumn)) else {
                    throw EvaluationError(
                        code: .malformed, path: csvPath,
                        reason: "line \(offset + 1): key '\(value(keyColumn))' is not a key such as 'F# minor'")
                }
                key = parsed
            }
            let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : base.appendingPathComponent(path)
            let source = value(sourceColumn)
            entries.append(TruthEntry(path: path, url: url, bpm: bpm, key: key, source: source.isEmpty ? nil : source))
        }
        return entries
    }

    /// Splits one CSV line into trimmed fields, honouring double quotes ("" inside quotes is a quote).
    static func fields(of line: String) -> [String] {
        var out: [String] = []
        var current = ""
        var quoted = false
        var iterator = line.makeIterator()
        while let character = iterator.next() {
            if quoted {
                if character == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" {
                            current.append("\"")
                        } else {
                            quoted = false
                            if next == "," {
                                out.append(current.trimmingCharacters(in: .whitespaces))
                                current = ""
                            } else {
                                current.append(next)
                            }
                        }
                    } else {
                        quoted = false
                    }
                } else {
                    current.append(character)
                }
            } else if character == "\"" {
                quoted = true
            } else if character == "," {
                out.append(current.trimmingCharacters(in: .whitespaces))
                current = ""
            } else {
                current.append(character)
            }
        }
        out.append(current.trimmingCharacters(in: .whitespaces))
        return out
    }
}
