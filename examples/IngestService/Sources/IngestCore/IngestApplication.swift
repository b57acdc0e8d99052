import AudioWave
import Foundation
import Hummingbird
import Logging
import Prometheus
import ServiceLifecycle

/// The service's parts: one analyzer shared by every request, the Prometheus registry its metrics go to,
/// the root folder and the upload limit.
public struct IngestService: Sendable {
    public let configuration: IngestConfiguration
    public let analyzer: AudioAnalyzer
    public let registry: PrometheusCollectorRegistry
    public let root: RootFolder
    let logger: Logger

    /// Builds the analyzer (`jobs` files at once) with its metrics going to a new Prometheus registry.
    /// - Throws: When the analysis configuration is invalid.
    public init(configuration: IngestConfiguration, logger: Logger = Logger(label: "ingest-service")) throws {
        self.configuration = configuration
        self.logger = logger
        registry = PrometheusCollectorRegistry()
        var analysis = AnalysisConfiguration()
        analysis.engine.maxItemsInFlight = configuration.jobs
        analyzer = try AudioAnalyzer(
            configuration: analysis, logger: logger, metrics: PrometheusMetricsFactory(registry: registry))
        root = RootFolder(configuration.root)
    }

    /// The routes: `POST /analyze`, `GET /metrics`, `GET /health`.
    public func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.get("health") { _, _ in
            Self.json(#"{"status":"ok"}"#)
        }
        router.get("metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
        }
        router.post("analyze") { request, _ in
            try await analyze(request)
        }
        return router
    }

    /// The HTTP application on the configured address; run it in a `ServiceGroup` (see `main.swift`).
    public func application() -> some ApplicationProtocol {
        Application(
            router: router(),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port)),
            logger: logger)
    }

    /// Runs the service until SIGTERM or SIGINT: the server then stops accepting connections and waits for
    /// the requests in flight; after `graceSeconds` those still running are cancelled (their analyses end
    /// `cancelled`).
    public func run() async throws {
        var group = ServiceGroupConfiguration(
            services: [application()], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        group.maximumGracefulShutdownDuration = .milliseconds(Int64(configuration.graceSeconds * 1_000))
        try await ServiceGroup(configuration: group).run()
    }

    // MARK: - POST /analyze

    struct PathRequest: Decodable {
        var path: String
    }

    func analyze(_ request: Request) async throws -> Response {
        let contentType = request.headers[.contentType].map(MediaType.init(from:)) ?? nil
        let report: AnalysisReport
        switch contentType {
        case let type? where type.isType(.applicationJson):
            let body = try await collect(request.body, limit: 64 * 1024)
            let decoded: PathRequest
            do {
                decoded = try JSONDecoder().decode(PathRequest.self, from: Data(buffer: body))
            } catch {
                throw IngestError(.badRequest, code: "invalid_json", #"Expected {"path": "relative/path"}."#)
            }
            let file = try root.resolve(decoded.path)
            report = await analyzer.analyze(path: file, relativePath: decoded.path)
        case let type? where type.type == .audio || type.isType(.applicationBinary):
            let name = request.uri.queryParameters["filename"].map(String.init) ?? "upload"
            report = try await withSpooledUpload(request) { file in
                await analyzer.analyze(path: file, relativePath: name)
            }
        default:
            throw IngestError(
                .unsupportedMediaType, code: "unsupported_media_type",
                "Send application/json with a path, or the audio itself as audio/* or application/octet-stream.")
        }
        var line = try ReportJSON.encodeLine(report)
        line.append(0x0A)
        let status: HTTPResponse.Status =
            switch report.status {
            case .failed where report.error?.code == .cancelled: .serviceUnavailable
            case .failed: .unprocessableContent
            default: .ok
            }
        return Response(
            status: status, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: line)))
    }

    /// Writes the body to a file in a new temporary folder (at most `maxUploadBytes`), runs `body` on it,
    /// and deletes the folder whatever happens.
    func withSpooledUpload<T>(_ request: Request, _ body: (String) async throws -> T) async throws -> T {
        let limit = configuration.maxUploadBytes
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > limit {
            throw Self.tooLarge(limit)
        }
        let folder = URL(fileURLWithPath: configuration.spoolFolder, isDirectory: true)
            .appendingPathComponent("ingest-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(at: folder) }
        // Any extension the request names keeps the decoder's format hint; the content is probed anyway.
        let suffix = request.uri.queryParameters["filename"].map { URL(fileURLWithPath: String($0)).pathExtension }
        let file = folder.appendingPathComponent(suffix.map { $0.isEmpty ? "upload" : "upload.\($0)" } ?? "upload")
        guard FileManager.default.createFile(atPath: file.path, contents: nil) else {
            throw IngestError(.internalServerError, code: "spool_failed", "Could not create the upload file.")
        }
        let handle = try FileHandle(forWritingTo: file)
        var written = 0
        do {
            for try await buffer in request.body {
                written += buffer.readableBytes
                if written > limit { throw Self.tooLarge(limit) }
                try handle.write(contentsOf: buffer.readableBytesView)
            }
            try handle.close()
        } catch {
            try? handle.close()
            throw error
        }
        guard written > 0 else { throw IngestError(.badRequest, code: "empty_body", "The upload is empty.") }
        return try await body(file.path)
    }

    func collect(_ body: RequestBody, limit: Int) async throws -> ByteBuffer {
        do {
            return try await body.collect(upTo: limit)
        } catch {
            throw IngestError(.contentTooLarge, code: "too_large", "The JSON body is larger than \(limit) bytes.")
        }
    }

    static func tooLarge(_ limit: Int) -> IngestError {
        IngestError(.contentTooLarge, code: "too_large", "The upload is larger than \(limit) bytes.")
    }

    static func json(_ text: String) -> Response {
        Response(
            status: .ok, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text + "\n")))
    }
}
