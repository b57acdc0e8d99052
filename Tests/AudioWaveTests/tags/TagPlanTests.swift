import Testing

@testable import AudioWave

/// `TagPlan`: which value each field gets from a report, before any file is opened.
@Suite("planning tags from a report")
struct TagPlanTests {
    @Test(
        "BPM is rounded half away from zero to an integer 1...65535",
        arguments: [
            (127.5, "128"), (127.49, "127"), (119.6, "120"), (0.6, "1"), (65535.4, "65535"),
        ] as [(Double, String)])
    func bpmRounding(bpm: Double, expected: String) {
        #expect(TagPlan.bpmValue(bpm) == expected)
    }

    @Test("a BPM that rounds to no integer tag value is unavailable", arguments: [0.4, -3, 65535.5, .nan, .infinity])
    func bpmOutOfRange(bpm: Double) {
        #expect(TagPlan.bpmValue(bpm) == nil)
        let plan = TagPlan(report: TagTestFiles.report(bpm: bpm), options: TagWriteOptions())
        guard case .unavailable(let reason) = plan.entries[0].decision else {
            Issue.record("\(plan.entries[0].decision)")
            return
        }
        #expect(reason.hasSuffix("BPM cannot be written as an integer 1...65535"))
    }

    @Test(
        "the key in each notation: standard is the ID3v2 TKEY form",
        arguments: [
            (KeyNotation.standard, "F#m", "D"), (.camelot, "11A", "10B"), (.openKey, "4m", "3d"),
        ])
    func keyNotation(notation: KeyNotation, minor: String, major: String) {
        let fsMinor = KeyReport(
            name: "F# minor", tonic: "F#", mode: .minor, camelot: "11A", openKey: "4m", tuningCents: 0, confidence: 1,
            candidates: [])
        let dMajor = KeyReport(
            name: "D major", tonic: "D", mode: .major, camelot: "10B", openKey: "3d", tuningCents: 0, confidence: 1,
            candidates: [])
        #expect(notation.value(of: fsMinor) == minor && notation.value(of: dMajor) == major)
    }

    @Test("each field is judged on its own confidence; equal to the threshold is enough")
    func threshold() {
        let plan = TagPlan(
            report: TagTestFiles.report(tempoConfidence: 0.7, keyConfidence: 0.69999),
            options: TagWriteOptions(minConfidence: 0.7, keyNotation: .camelot))
        #expect(plan.entries.map(\.decision) == [.write("128"), .belowThreshold("11A")])
        #expect(plan.entries.map(\.confidence) == [0.7, 0.69999])
    }

    @Test("a field the analysis has none of is unavailable, with the report's reason")
    func unavailable() {
        var report = TagTestFiles.report()
        report.tempo = nil
        report.tempoUnavailableReason = "silent"
        report.key = nil
        report.keyUnavailableReason = "not requested"
        let plan = TagPlan(report: report, options: TagWriteOptions())
        #expect(
            plan.entries.map(\.decision) == [.unavailable(reason: "silent"), .unavailable(reason: "not requested")])
        #expect(plan.entries.map(\.value) == [nil, nil] && plan.skipReason == nil)
    }

    @Test("a failed analysis is skipped, naming its error code")
    func failedAnalysis() {
        let failed = AnalysisReport.makeFailed(
            relativePath: "x.mp3", error: ReportError(code: .truncated, message: "x.mp3: truncated"),
            configHash: "0")
        let plan = TagPlan(report: failed, options: TagWriteOptions())
        #expect(plan.entries.isEmpty)
        #expect(plan.skipReason == "the analysis did not succeed (status failed: truncated)")
    }

    @Test("options outside 0...1 are rejected, naming the field", arguments: [-0.1, 1.01, .nan])
    func validation(threshold: Double) {
        #expect(throws: TagOptionsError.self) { try TagWriteOptions(minConfidence: threshold).validate() }
        #expect(throws: Never.self) { try TagWriteOptions(minConfidence: 1).validate() }
    }
}
