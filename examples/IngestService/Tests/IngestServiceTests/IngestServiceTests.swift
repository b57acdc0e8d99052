import AudioWave
import Foundation
import Hummingbird
import HummingbirdTesting
import IngestCore
import Testing

/// HTTP round trips through the service's router on the repository's fixtures.
@Suite struct IngestServiceTests {
    /// The repository's `fixtures/` (this file is examples/IngestService/Tests/IngestServiceTests/…).
    static let fixtures = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("fixtures").path
    static let song = "formats/song_d_major_120bpm.wav"

    func makeService(
        root: String = Self.fixtures, maxUploadBytes: Int = 50 * 1024 * 1024,
        spoolFolder: String = FileManager.default.temporaryDirectory.path
    ) throws -> IngestService {
        try IngestService(
            configuration: IngestConfiguration(
                root: root, port: 0, maxUploadBytes: maxUploadBytes, jobs: 2, spoolFolder: spoolFolder))
    }

    /// A new empty folder, removed after `body`.
    func withTemporaryFolder(_ body: (URL) async throws -> Void) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ingest-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(at: folder) }
        try await body(folder)
    }

    func application(_ service: IngestService) -> some ApplicationProtocol {
        Application(router: service.router())
    }

    static func checkSong(_ response: TestResponse, name: String) throws {
        #expect(response.status == .ok)
        let report = try ReportJSON.decodeReport(from: Data(buffer: response.body))
        #expect(report.status == .ok)
        #expect(report.relativePath == name)
        let bpm = try #require(report.tempo?.bpm)
        #expect(abs(bpm - 120) < 2)
        #expect(report.key?.name == "D major")
    }

    @Test func pathModeReturnsTheCLIReportAndFeedsTheMetrics() async throws {
        let service = try makeService()
        try await application(service).test(.router) { client in
            let body = ByteBuffer(string: #"{"path": "\#(Self.song)"}"#)
            try await client.execute(
                uri: "/analyze", method: .post, headers: [.contentType: "application/json"], body: body
            ) { response in
                try Self.checkSong(response, name: Self.song)
                // The body is the CLI's JSONL line: the report re-encoded by ReportJSON, and a newline.
                let report = try ReportJSON.decodeReport(from: Data(buffer: response.body))
                var line = try ReportJSON.encodeLine(report)
                line.append(0x0A)
                #expect(Data(buffer: response.body) == line)
            }
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                let text = String(buffer: response.body)
                #expect(text.contains("audiowave_files_total"))
                #expect(text.contains(#"audiowave_files_total{status="ok"} 1"#))
            }
        }
    }

    @Test func uploadModeSpoolsAnalysesAndDeletes() async throws {
        let audio = try Data(contentsOf: URL(fileURLWithPath: Self.fixtures + "/" + Self.song))
        try await withTemporaryFolder { spool in
            let service = try makeService(spoolFolder: spool.path)
            try await application(service).test(.router) { client in
                try await client.execute(
                    uri: "/analyze?filename=take.wav", method: .post, headers: [.contentType: "audio/wav"],
                    body: ByteBuffer(bytes: audio)
                ) { response in
                    try Self.checkSong(response, name: "take.wav")
                }
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: spool.path).isEmpty)
        }
    }

    @Test func uploadOverTheCapIs413() async throws {
        try await withTemporaryFolder { spool in
            let service = try makeService(maxUploadBytes: 1_000, spoolFolder: spool.path)
            try await application(service).test(.router) { client in
                try await client.execute(
                    uri: "/analyze", method: .post, headers: [.contentType: "application/octet-stream"],
                    body: ByteBuffer(repeating: 0, count: 5_000)
                ) { response in
                    #expect(response.status == .contentTooLarge)
                    #expect(String(buffer: response.body).contains(#""code":"too_large""#))
                }
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: spool.path).isEmpty)
        }
    }

    @Test(arguments: [
        ("../Package.swift", HTTPResponse.Status.forbidden, "outside_root"),
        ("formats/../../README.md", .forbidden, "outside_root"),
        ("/etc/hostname", .badRequest, "absolute_path"),
        ("formats/none.wav", .notFound, "not_found"),
        ("formats", .badRequest, "not_a_file"),
    ])
    func refusedPaths(path: String, status: HTTPResponse.Status, code: String) async throws {
        let service = try makeService()
        try await application(service).test(.router) { client in
            try await client.execute(
                uri: "/analyze", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: #"{"path": "\#(path)"}"#)
            ) { response in
                #expect(response.status == status)
                #expect(String(buffer: response.body).contains(#""code":"\#(code)""#))
            }
        }
    }

    @Test func aSymlinkOutOfTheRootIs403() async throws {
        try await withTemporaryFolder { root in
            try FileManager.default.createSymbolicLink(
                atPath: root.appendingPathComponent("song.wav").path,
                withDestinationPath: Self.fixtures + "/" + Self.song)
            let service = try makeService(root: root.path)
            try await application(service).test(.router) { client in
                try await client.execute(
                    uri: "/analyze", method: .post, headers: [.contentType: "application/json"],
                    body: ByteBuffer(string: #"{"path": "song.wav"}"#)
                ) { response in
                    #expect(response.status == .forbidden)
                    #expect(String(buffer: response.body).contains(#""code":"outside_root""#))
                }
            }
        }
    }

    @Test func healthAndUnsupportedMediaType() async throws {
        let service = try makeService()
        try await application(service).test(.router) { client in
            try await client.execute(uri: "/health", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("ok"))
            }
            try await client.execute(
                uri: "/analyze", method: .post, headers: [.contentType: "text/plain"], body: ByteBuffer(string: "x")
            ) { response in
                #expect(response.status == .unsupportedMediaType)
            }
        }
    }

    /// Over a real socket: the same application the executable runs.
    @Test func liveServerRoundTrip() async throws {
        let service = try makeService()
        try await service.application().test(.live) { client in
            try await client.execute(
                uri: "/analyze", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: #"{"path": "\#(Self.song)"}"#)
            ) { response in
                try Self.checkSong(response, name: Self.song)
            }
        }
    }

    @Test func configurationFromEnvironmentAndArguments() throws {
        let configuration = try IngestConfiguration.load(
            arguments: ["--port", "9000", "--jobs=3"],
            environment: ["INGEST_ROOT": Self.fixtures, "INGEST_PORT": "1", "INGEST_MAX_UPLOAD_BYTES": "77"])
        #expect(configuration.root == Self.fixtures)
        #expect(configuration.port == 9000)
        #expect(configuration.jobs == 3)
        #expect(configuration.maxUploadBytes == 77)
        #expect(throws: IngestConfigurationError.invalidValue("jobs", "0")) {
            try IngestConfiguration.load(arguments: ["--jobs", "0"], environment: ["INGEST_ROOT": Self.fixtures])
        }
        #expect(throws: IngestConfigurationError.unknownArgument("--nope")) {
            try IngestConfiguration.load(arguments: ["--nope"], environment: [:])
        }
    }
}
