import Foundation
import IngestCore
import Logging

// ingest-service: POST /analyze, GET /metrics, GET /health on AudioWave (README.md beside Package.swift).
var logger = Logger(label: "ingest-service")
logger.logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info

let configuration: IngestConfiguration
do {
    configuration = try IngestConfiguration.load(
        arguments: Array(CommandLine.arguments.dropFirst()), environment: ProcessInfo.processInfo.environment)
} catch .helpRequested {
    print(IngestConfiguration.usage)
    exit(0)
} catch {
    FileHandle.standardError.write(Data("ingest-service: \(error)\n".utf8))
    exit(2)
}
logger.info(
    "starting",
    metadata: [
        "root": "\(configuration.root)", "address": "\(configuration.host):\(configuration.port)",
        "jobs": "\(configuration.jobs)", "max_upload_bytes": "\(configuration.maxUploadBytes)",
    ])
try await IngestService(configuration: configuration, logger: logger).run()
logger.info("stopped")
