import Foundation

/// Writes one pretty-printed `RELATIVE_PATH.json` per report under an output directory,
/// mirroring the input tree (`album/01.flac` → `OUT/album/01.flac.json`), atomically.
public struct ReportFileWriter: Sendable {
    /// The root of the output tree.
    public let outputDirectory: URL

    /// Creates a writer for an output directory (created on first write).
    public init(outputDirectory: URL) {
        self.outputDirectory = outputDirectory
    }

    /// The output URL of the record for a relative input path.
    /// - Parameter relativePath: A `/`-separated relative path with no `.`/`..` components.
    /// - Returns: `outputDirectory/relativePath.json`.
    /// - Throws: ``ReportPathError`` when the path is empty, absolute or would escape the directory.
    public func url(forRelativePath relativePath: String) throws(ReportPathError) -> URL {
        let components = relativePath.split(separator: "/", omittingEmptySubsequences: false)
        guard !relativePath.isEmpty, !relativePath.hasPrefix("/"),
            components.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." })
        else { throw ReportPathError(relativePath: relativePath) }
        var url = outputDirectory
        for component in components.dropLast() {
            url.appendPathComponent(String(component), isDirectory: true)
        }
        let name = String(components.last ?? "") + ".json"
        return url.appendingPathComponent(name, isDirectory: false)
    }

    /// Writes a report to its mirrored path atomically (temp file + fsync + rename).
    /// - Parameter report: The record; its `relativePath` chooses the file.
    /// - Returns: The URL written.
    /// - Throws: ``ReportPathError``, `EncodingError`, or a file-system error.
    @discardableResult
    public func write(_ report: AnalysisReport) throws -> URL {
        let url = try url(forRelativePath: report.relativePath)
        var data = try ReportJSON.makeEncoder(prettyPrinted: true).encode(report)
        data.append(0x0A)
        try AtomicFile.write(data, to: url)
        return url
    }
}

/// A report's relative path cannot be mirrored under the output directory.
public struct ReportPathError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The offending path.
    public var relativePath: String

    /// A log-friendly message naming the path.
    public var description: String {
        "\(relativePath): not a relative path inside the output directory"
    }
}
