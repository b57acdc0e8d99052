import AudioWaveAnalysis
import AudioWaveBatch
import AudioWaveDSP
import AudioWaveIO
import AudioWaveReport
import StageEngine

/// Turning decoding errors into report errors: the one mapping from `AudioError.Code` to the
/// documented ``ReportErrorCode`` set, so the pipeline cannot write an undocumented code.
extension ReportErrorCode {
    /// The report code of a decoding error code.
    ///
    /// Codes with the same name map to themselves; `invalid_request` (the pipeline asked for
    /// something impossible) and `resampling_failed` are AudioWave's own faults: `internal`.
    public init(_ code: AudioError.Code) {
        switch code {
        case .notFound: self = .notFound
        case .permissionDenied: self = .permissionDenied
        case .unreadable: self = .unreadable
        case .unsupportedFormat: self = .unsupportedFormat
        case .empty: self = .empty
        case .truncated: self = .truncated
        case .invalidHeader: self = .invalidHeader
        case .nonFiniteSamples: self = .nonFiniteSamples
        case .invalidRequest, .resamplingFailed: self = .internal
        case .cancelled: self = .cancelled
        }
    }
}

extension ReportError {
    /// The report error of a decoding error.
    /// - Parameters:
    ///   - error: The decoder's error (its `description` names the file and the reason).
    ///   - stage: The snake_case stage it happened in, e.g. `"preparation"`.
    ///   - relativePath: When given, replaces the error's path in the message, so that reports
    ///     do not leak absolute paths.
    public init(_ error: AudioError, stage: String?, relativePath: String? = nil) {
        var named = error
        if let relativePath { named.path = relativePath }
        self.init(code: ReportErrorCode(error.code), message: named.description, stage: stage)
    }
}
