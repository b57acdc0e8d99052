import AudioWave

/// Representative reports covering every shape a record can take.
enum SampleReports {
    static let configHash = "0123456789abcdef"

    static func summary(_ base: Double) -> ReportSummary {
        ReportSummary(mean: base, std: base / 10, min: 0, max: base * 2, median: base, p10: base / 2, p90: base * 1.5)
    }

    static let features = FeatureReport(
        spectralCentroid: summary(1800), spectralBandwidth: summary(1500), spectralRolloff: summary(4000),
        spectralFlatness: summary(0.1), spectralFlux: summary(3), rms: summary(0.2),
        zeroCrossingRate: summary(0.05),
        mfcc: VectorSummary(mean: (0..<13).map { Double($0) - 6 }, std: Array(repeating: 1.5, count: 13)),
        chroma: VectorSummary(mean: Array(repeating: 0.3, count: 12), std: Array(repeating: 0.1, count: 12)))

    static let stagesFull: [StageReport] = [
        "preparation", "initial_analysis", "feature_extraction", "deep_analysis", "aggregation",
        "post_processing", "finalization",
    ].map { StageReport(name: $0, status: .completed, attempts: 1, durationMilliseconds: 12.5) }

    /// A fully analysed file.
    static let full = AnalysisReport(
        relativePath: "album/01 intro, \"live\".flac", status: .ok,
        file: FileReport(format: "flac", encoding: "pcm_16", sampleRate: 44100, channels: 2, durationSeconds: 183.25),
        source: SourceFacts(sizeBytes: 1_234_567, mtimeSeconds: 1_763_900_000, mtimeNanoseconds: 123_456_789),
        tempo: TempoReport(
            bpm: 120.02, confidence: 0.91, beats: [0.5, 1.0, 1.5],
            candidates: [
                TempoCandidateReport(bpm: 120.02, strength: 1), TempoCandidateReport(bpm: 60.01, strength: 0.4),
            ]),
        key: KeyReport(
            name: "A minor", tonic: "A", mode: .minor, camelot: "8A", openKey: "1m", tuningCents: -3.5,
            confidence: 0.8,
            candidates: [
                KeyCandidateReport(name: "A minor", score: 0.82), KeyCandidateReport(name: "C major", score: 0.7),
            ]),
        loudness: LoudnessReport(integratedLUFS: -14.2, rangeLU: 6.1, truePeakDBTP: -0.9),
        features: features, analysisScope: .full, quality: 0.87, stages: stagesFull, configHash: configHash,
        analyses: Analysis.allCases)

    /// A file that exited early after the excerpt.
    static var excerpt: AnalysisReport {
        var report = full
        report.relativePath = "clear.wav"
        report.analysisScope = .excerpt
        report.earlyExit = EarlyExitReport(stage: "initial_analysis", quality: 0.95)
        report.stages =
            Array(stagesFull.prefix(2))
            + stagesFull.dropFirst(2).map {
                StageReport(name: $0.name, status: .skipped, attempts: 0, durationMilliseconds: 0)
            }
        return report
    }

    /// A silent file: ok, null tempo and key with reasons, null integrated loudness.
    static var silent: AnalysisReport {
        var report = full
        report.relativePath = "silence.wav"
        report.isSilent = true
        report.silenceReason = "peak below -60 dBFS"
        report.tempo = nil
        report.tempoUnavailableReason = "silent"
        report.key = nil
        report.keyUnavailableReason = "silent"
        report.loudness = LoudnessReport(integratedLUFS: nil, rangeLU: 0, truePeakDBTP: nil)
        return report
    }

    /// A file that could not be decoded.
    static let failed = AnalysisReport.makeFailed(
        relativePath: "bad/truncated.wav",
        error: ReportError(
            code: .truncated, message: "truncated.wav: truncated: header says 441000 frames, read 220500",
            stage: "preparation"),
        configHash: configHash,
        source: SourceFacts(sizeBytes: 100, mtimeSeconds: 5, mtimeNanoseconds: 0),
        stages: [StageReport(name: "preparation", status: .failed, attempts: 3, durationMilliseconds: 4)])

    /// A file the scanner could not find (no stage ran, no source facts).
    static let notFound = AnalysisReport.makeFailed(
        relativePath: "gone.wav", error: ReportError(code: .notFound, message: "gone.wav: not found"),
        configHash: configHash)

    /// A file `--write-tags` tagged: BPM written, the key below the threshold.
    static var tagged: AnalysisReport {
        var report = full
        report.relativePath = "tagged.mp3"
        report.tags = TagsReport(
            status: .written, dryRun: false, format: .id3v2, keyNotation: .camelot, minConfidence: 0.8,
            fields: [
                TagFieldReport(
                    field: .bpm, tag: "TBPM", previous: "119", value: "120", confidence: 0.9, action: .written),
                TagFieldReport(
                    field: .key, tag: "TKEY", previous: nil, value: "8A", confidence: 0.7, action: .belowThreshold),
            ])
        return report
    }

    /// A file whose tags could not be written.
    static var tagFailed: AnalysisReport {
        var report = full
        report.relativePath = "locked.flac"
        report.tags = TagsReport(
            status: .failed, dryRun: false, format: .vorbisComment, keyNotation: .standard, minConfidence: 0.5,
            fields: [
                TagFieldReport(
                    field: .bpm, tag: "BPM", previous: nil, value: "120", confidence: 0.9, action: .notWritten),
                TagFieldReport(
                    field: .key, tag: "INITIALKEY", previous: nil, value: nil, confidence: nil, action: .unavailable,
                    reason: "no tonal content found"),
            ],
            errorCode: .readOnly, reason: "the process may not write the file")
        return report
    }

    static var all: [AnalysisReport] { [full, excerpt, silent, tagged, tagFailed, failed, notFound] }

    /// The samples by name, for parameterized tests.
    static var named: [String: AnalysisReport] {
        [
            "full": full, "excerpt": excerpt, "silent": silent, "tagged": tagged, "tag_failed": tagFailed,
            "failed": failed, "not_found": notFound,
        ]
    }

    /// The sample names, in a stable order.
    static let names = ["full", "excerpt", "silent", "tagged", "tag_failed", "failed", "not_found"]
}
