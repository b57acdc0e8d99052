import AudioWaveAnalysis
import AudioWaveBatch
import AudioWaveDSP
import AudioWaveIO
import AudioWaveReport
import Foundation
import StageEngine

/// Turns an engine result into the report users read: the state's analysis sections plus the
/// engine's own facts (status, stages, early exit, errors).
enum ReportBuilder {
    static func report(
        for result: ItemResult<TrackState>, item: AnalysisItem, configHash: String, units: [any AnalysisUnit],
        analyses: Set<Analysis>
    ) -> AnalysisReport {
        // ReportContent's init also reviews the sections (Plausibility): impossible values are kept out.
        var content = result.state.content ?? ReportContent(state: result.state, units: units, analyses: analyses)
        if content.source == nil, let path = item.path {
            content.source = try? SourceFacts.current(atPath: path)  // failed items too, so --resume can skip them
        }
        let hasResults =
            content.tempo != nil || content.key != nil || content.loudness != nil || content.features != nil
            || content.descriptors != nil
            || content.isSilent
        let cutShort = result.state.cutShort
        let status: ReportStatus
        switch result.status {
        case .succeeded:
            // An impossible value left out, or a file cut short: warnings say.
            status = content.keptOut || cutShort != nil ? .partial : .ok
        case .partial: status = hasResults || content.keptOut ? .partial : .failed
        case .failed, .cancelled: status = .failed
        }
        var error = result.status == .succeeded ? nil : reportError(result, item: item)
        if error == nil, let cutShort {
            error = ReportError(
                code: .truncated, message: relativeMessage(cutShort.error.description, item: item),
                stage: cutShort.stage.rawValue)
        }
        return AnalysisReport(
            relativePath: item.relativePath, status: status, isSilent: content.isSilent,
            silenceReason: content.silenceReason, file: content.file, source: content.source,
            tempo: content.tempo, tempoUnavailableReason: content.tempoUnavailableReason, key: content.key,
            keyUnavailableReason: content.keyUnavailableReason, loudness: content.loudness, features: content.features,
            descriptors: content.descriptors,
            analysisScope: content.scope, quality: content.quality ?? result.quality,
            earlyExit: result.earlyExit.map { EarlyExitReport(stage: $0.stage.rawValue, quality: $0.quality) },
            warnings: content.warnings + missingContributions(result),
            stages: result.stages.map(stageReport), error: error, analyzedAt: ReportTimestamp.now(),
            configHash: configHash, analyses: analyses.sorted())
    }

    /// One warning per handler the engine skipped because its circuit breaker was open: the stage ran
    /// without it, so that handler's part of the report is missing.
    static func missingContributions(_ result: ItemResult<TrackState>) -> [String] {
        result.stages.flatMap { record in
            record.skippedHandlers.map { handler in
                "\(record.stage.rawValue)/\(handler) did not run (its circuit breaker is open after repeated failures): "
                    + "its results are missing from this report"
            }
        }
    }

    /// The error that ended the item: its code, a message naming the file by its relative path, the stage.
    static func reportError(_ result: ItemResult<TrackState>, item: AnalysisItem) -> ReportError {
        guard let last = result.errors.last else {
            let code: ReportErrorCode = result.status == .cancelled ? .cancelled : .internal
            return ReportError(code: code, message: "\(item.relativePath): \(result.status.rawValue)", stage: nil)
        }
        let code: ReportErrorCode
        switch last.kind {
        case .stageTimeout, .itemTimeout: code = .timeout
        case .cancelled: code = .cancelled
        case .failed, .circuitOpen:
            code = last.code.flatMap(AudioError.Code.init(rawValue:)).map(ReportErrorCode.init) ?? .internal
        }
        return ReportError(code: code, message: relativeMessage(last.message, item: item), stage: last.stage.rawValue)
    }

    /// `message` naming the file by its relative path, as every report error does.
    static func relativeMessage(_ message: String, item: AnalysisItem) -> String {
        var message = message
        if let path = item.path, path != item.relativePath {
            message = message.replacingOccurrences(of: path, with: item.relativePath)
        }
        if !message.contains(item.relativePath) { message = "\(item.relativePath): \(message)" }
        return message
    }

    static func stageReport(_ record: StageRecord) -> StageReport {
        let status: StageRunStatus
        switch record.status {
        case .completed: status = .completed
        case .failed, .circuitOpen: status = .failed
        case .timedOut: status = .timedOut
        case .skipped: status = .skipped
        case .cancelled: status = .cancelled
        }
        return StageReport(
            name: record.stage.rawValue, status: status, attempts: record.attempts,
            durationMilliseconds: (record.durationMs * 1000).rounded() / 1000)
    }
}
