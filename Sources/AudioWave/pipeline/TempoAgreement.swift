import AudioWaveAnalysis
import AudioWaveBatch
import AudioWaveDSP
import AudioWaveIO
import AudioWaveReport
import StageEngine

/// Tempo comparisons shared by the consistency checks.
enum TempoAgreement {
    /// Whether two tempi agree within 4%, allowing the octave relations ×2 and ×½ (the MIREX ACC2
    /// tolerance without the ternary factors).
    static func isConsistent(_ a: Double, _ b: Double) -> Bool {
        guard a > 0, b > 0 else { return false }
        return [1.0, 2.0, 0.5].contains { abs(a - b * $0) <= 0.04 * b * $0 }
    }
}

extension TempoEstimate {
    /// The same estimate with its beats moved by `seconds` (an excerpt's start in its file).
    func shifted(bySeconds seconds: Double) -> TempoEstimate {
        guard seconds != 0 else { return self }
        var shifted = self
        shifted.beats = beats.map { $0 + seconds }
        return shifted
    }
}
