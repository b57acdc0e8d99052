import AudioWaveReport
import Logging
import Metrics
import StageEngine

/// What an ``AudioAnalyzer`` tells a service's logging and metrics backends, through swift-log and
/// swift-metrics, so a Prometheus or OpenTelemetry backend the service bootstrapped picks it up with no glue.
///
/// Metrics (labels Prometheus-style; dimensions in brackets):
/// - `audiowave_files_total` [status: ok/partial/failed] — files analysed;
/// - `audiowave_files_failed_total` [code] — failed files by error code;
/// - `audiowave_early_exits_total` — files the quality gate ended after the excerpt;
/// - `audiowave_stage_duration_seconds` [stage] — each stage's duration per file (a timer);
/// - `audiowave_audio_seconds_total` — audio analysed, seconds;
/// - `audiowave_decoded_bytes_total` — bytes of the files analysed;
/// - `audiowave_governor_changes_total` [direction: down/up] — concurrency changes of the resource governor;
/// - `audiowave_circuit_opened_total` [stage] — handler circuit breakers opened.
///
/// Logs: each file at `debug` (`analysed`; a partial record's error code too), each failed file at `info` with
/// its code and message, governor changes and circuit openings at `notice`. Nothing is logged at `warning` or above
/// for a file, because a failed file is a result, not a fault of the service.
struct AnalyzerTelemetry: Sendable {
    let logger: Logger
    let factory: any MetricsFactory

    /// Records one finished report.
    func record(_ report: AnalysisReport) {
        Counter(label: "audiowave_files_total", dimensions: [("status", report.status.rawValue)], factory: factory)
            .increment()
        if report.status == .failed, let error = report.error {
            Counter(
                label: "audiowave_files_failed_total", dimensions: [("code", error.code.rawValue)], factory: factory
            )
            .increment()
            logger.info(
                "analysis failed",
                metadata: [
                    "file": "\(report.relativePath)", "code": "\(error.code.rawValue)", "reason": "\(error.message)",
                ])
        } else {
            // A partial record may carry the error that cut it short (a truncated file): said, not counted as a
            // failure.
            var metadata: Logger.Metadata = ["file": "\(report.relativePath)", "status": "\(report.status.rawValue)"]
            if let error = report.error { metadata["code"] = "\(error.code.rawValue)" }
            logger.debug("analysed", metadata: metadata)
        }
        if report.earlyExit != nil { Counter(label: "audiowave_early_exits_total", factory: factory).increment() }
        for stage in report.stages where stage.attempts > 0 {
            let milliseconds = stage.durationMilliseconds
            guard milliseconds.isFinite, milliseconds >= 0 else { continue }
            Timer(label: "audiowave_stage_duration_seconds", dimensions: [("stage", stage.name)], factory: factory)
                .recordNanoseconds(Int64(min(milliseconds * 1e6, Double(Int64.max / 2))))
        }
        if let seconds = report.file?.durationSeconds, seconds.isFinite, seconds > 0 {
            FloatingPointCounter(label: "audiowave_audio_seconds_total", factory: factory).increment(by: seconds)
        }
        if let bytes = report.source?.sizeBytes, bytes > 0 {
            Counter(label: "audiowave_decoded_bytes_total", factory: factory).increment(by: Int64(bytes))
        }
    }

    /// Records the engine events that concern the service rather than one file.
    func record(_ event: EngineEvent) {
        switch event.type {
        case .concurrencyChanged where event.stage == nil:
            let down = (event.to ?? 0) < (event.from ?? 0)
            Counter(
                label: "audiowave_governor_changes_total", dimensions: [("direction", down ? "down" : "up")],
                factory: factory
            ).increment()
            logger.notice(
                "concurrency changed",
                metadata: [
                    "from": "\(event.from ?? 0)", "to": "\(event.to ?? 0)", "reason": "\(event.reason ?? "")",
                ])
        case .circuitOpened:
            Counter(
                label: "audiowave_circuit_opened_total", dimensions: [("stage", event.stage?.rawValue ?? "")],
                factory: factory
            ).increment()
            logger.notice(
                "circuit opened",
                metadata: ["stage": "\(event.stage?.rawValue ?? "")", "handler": "\(event.handler ?? "")"])
        default:
            break
        }
    }

    /// An event sink that records these events and passes every event on to `next`.
    func sink(forwardingTo next: (@Sendable (EngineEvent) -> Void)?) -> @Sendable (EngineEvent) -> Void {
        { event in
            record(event)
            next?(event)
        }
    }
}
