import Foundation
import Testing

@testable import AudioWave
@testable import AudioWaveReport

@Suite("CSV summary and summary table")
struct CSVSummaryTests {
    @Test("the header lists the documented columns in order")
    func header() {
        #expect(
            CSVSummary.headerLine
                == "relative_path,status,duration_s,bpm,tempo_confidence,key,camelot,key_confidence,key_unavailable_reason,integrated_lufs,early_exit_stage,error_code,tags_status,tags_reason"
        )
    }

    @Test("fields with commas, quotes, line breaks or edge spaces are quoted, quotes doubled")
    func quoting() {
        #expect(CSVSummary.quote("plain.wav") == "plain.wav")
        #expect(CSVSummary.quote("a,b") == "\"a,b\"")
        #expect(CSVSummary.quote("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSVSummary.quote("two\nlines") == "\"two\nlines\"")
        #expect(CSVSummary.quote(" padded") == "\" padded\"")
        #expect(CSVSummary.quote("crlf\r\nline") == "\"crlf\r\nline\"", "a CRLF is one Character, still a line break")
    }

    @Test("an analysed file fills every result column")
    func okRow() {
        #expect(
            CSVSummary.line(for: SampleReports.full)
                == "\"album/01 intro, \"\"live\"\".flac\",ok,183.250,120.02,0.910,A minor,8A,0.800,,-14.20,,,,")
        #expect(CSVSummary.fields(for: SampleReports.excerpt)[10] == "initial_analysis")
    }

    @Test(
        "text cells a spreadsheet would run as a formula get a leading quote (OWASP)",
        arguments: [
            ("=HYPERLINK(\"http://x\",\"y\").wav", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\").wav\""),
            ("+1+2.wav", "'+1+2.wav"), ("-live.wav", "'-live.wav"), ("@SUM(A1).wav", "'@SUM(A1).wav"),
            ("\tx.wav", "'\tx.wav"), ("\rx.wav", "\"'\rx.wav\""), ("\r\nx.wav", "\"'\r\nx.wav\""),
            ("a=b.wav", "a=b.wav"), ("'quoted.wav", "'quoted.wav"),
        ])
    func formulaInjection(path: String, cell: String) {
        var report = SampleReports.full
        report.relativePath = path
        let line = CSVSummary.line(for: report)
        #expect(line.hasPrefix(cell + ",ok,"), "\(line)")
        #expect(line.hasSuffix(",-14.20,,,,"), "a negative number stays a number: \(line)")
    }

    @Test("every text column is neutralised, numbers never are")
    func everyTextColumn() {
        var report = SampleReports.full
        report.key?.name = "=1+1"
        report.key?.camelot = "+8A"
        report.keyUnavailableReason = "@reason"
        let fields = CSVSummary.fields(for: report)
        #expect(fields[5] == "'=1+1" && fields[6] == "'+8A" && fields[8] == "'@reason")
        #expect(fields[9] == "-14.20")
        #expect(CSVSummary.neutralized("-14.20") == "'-14.20", "text that looks like a number is still text")
    }

    @Test("the last two columns are the tags section's status and reason")
    func tagColumns() {
        #expect(CSVSummary.fields(for: SampleReports.tagged).suffix(2) == ["written", ""])
        #expect(
            CSVSummary.line(for: SampleReports.tagFailed).hasSuffix(",failed,the process may not write the file"))
    }

    @Test("a failed file has empty result columns and its error code")
    func failedRow() {
        #expect(CSVSummary.line(for: SampleReports.failed) == "bad/truncated.wav,failed,,,,,,,,,,truncated,,")
    }

    @Test("the rendered CSV starts with the header and holds one row per report, in order")
    func renderParses() throws {
        let text = CSVSummary.render(SampleReports.all)
        #expect(text.split(separator: "\n", omittingEmptySubsequences: false).count == SampleReports.all.count + 2)
        #expect(text.hasPrefix(CSVSummary.headerLine + "\n" + CSVSummary.line(for: SampleReports.full) + "\n"))
        #expect(!text.contains("\n\n"))
        #expect(text.hasSuffix("truncated\n") == false)
        #expect(text.hasSuffix(",not_found,,\n"))
    }

    @Test("the summary table aligns columns and right-aligns numbers")
    func table() throws {
        let text = SummaryTable.render([SampleReports.full, SampleReports.failed, SampleReports.excerpt])
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.count == 5)
        #expect(lines.allSatisfy { $0.last != " " })
        let statusColumn = try #require(lines[0].range(of: "STATUS")).lowerBound.utf16Offset(in: lines[0])
        for line in lines.dropFirst(2) {
            let status = line.dropFirst(statusColumn).prefix(6)
            #expect(["ok    ", "failed"].contains(String(status)), "\(line)")
        }
        let bpmEnd = try #require(lines[0].range(of: "BPM")).upperBound.utf16Offset(in: lines[0])
        #expect(lines[2].prefix(bpmEnd).hasSuffix("120.0"))
        #expect(lines[3].contains("truncated: truncated.wav: truncated"))
        #expect(lines[4].contains("early exit (initial_analysis)"))
        #expect(SummaryTable.duration(183.25) == "3:03.3")
        #expect(SummaryTable.duration(nil) == "")
    }
}
