import ArgumentParser
import AudioWave
import Foundation

/// Measures the batch plumbing that scales with the number of files, not with audio: JSONL
/// writing (fsync per line), shard merge, resume-index loading, folder scanning and shard hashing.
struct BatchBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch", abstract: "JSONL writer, merge, resume index, scanner and shard hash throughput.")

    @Option(help: "Records for the merge and resume measurements.")
    var records = 200_000

    @Option(help: "Records written with fsync after each line.")
    var syncedRecords = 2_000

    @Option(help: "Empty audio files created for the scan measurement.")
    var files = 20_000

    @Option(help: "Shards for the merge and balance measurements.")
    var shards = 16

    @Option(help: "Scratch folder (default: a new folder in the temporary directory).")
    var directory: String?

    func run() async throws {
        let root = URL(fileURLWithPath: directory ?? NSTemporaryDirectory())
            .appendingPathComponent("audiowave-bench-batch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        print("batch benchmark: \(ProcessInfo.processInfo.activeProcessorCount) cores, scratch \(root.path)")
        let record = Self.sampleRecord()
        let line = try ReportJSON.encodeLine(record)
        print("record: \(line.count) bytes per JSONL line")

        let writer = try JSONLWriter(url: root.appendingPathComponent("synced.jsonl"))
        let writeTime = try await measure {
            for index in 0..<syncedRecords {
                var copy = record
                copy.relativePath = "synced/\(index).wav"
                try await writer.write(copy)
            }
        }
        try await writer.close()
        report("JSONL write + fsync", count: syncedRecords, unit: "lines", seconds: writeTime)

        let shardURLs = try writeShards(record: record, root: root)
        let output = root.appendingPathComponent("merged.jsonl")
        var result: MergeResult?
        let mergeTime = try await measure {
            result = try ShardMerger.merge(shardURLs, into: output, expecting: nil)
        }
        let bytes = (try? FileManager.default.attributesOfItem(atPath: output.path)[.size] as? Int) ?? 0
        report(
            "merge \(shards) shards", count: result?.recordCount ?? 0, unit: "records", seconds: mergeTime,
            extra: String(format: "%.0f MB/s", Double(bytes) / 1e6 / mergeTime))

        var loaded = 0
        let resumeTime = try await measure {
            loaded = try ResumeIndex.load(jsonlFiles: [output]).count
        }
        report("resume index load", count: loaded, unit: "records", seconds: resumeTime)

        let tree = root.appendingPathComponent("tree")
        for index in 0..<files {
            let folder = tree.appendingPathComponent("artist \(index % 50)/album \(index % 7)")
            if index < 350 { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
            _ = FileManager.default.createFile(
                atPath: folder.appendingPathComponent("track \(index).wav").path, contents: nil)
        }
        var found = 0
        let scanTime = try await measure { found = FileScanner().scan([tree.path]).files.count }
        report("scan", count: found, unit: "files", seconds: scanTime)

        var sizes = Array(repeating: 0, count: shards)
        let hashCount = 1_000_000
        let hashTime = try await measure {
            for index in 0..<hashCount {
                sizes[Shard.index(forRelativePath: "artist \(index % 997)/track \(index).flac", count: shards)] += 1
            }
        }
        let expected = Double(hashCount) / Double(shards)
        let worst = sizes.map { abs(Double($0) - expected) / expected * 100 }.max() ?? 0
        report(
            "shard hash", count: hashCount, unit: "paths", seconds: hashTime,
            extra: String(format: "largest deviation from an even split %.2f%%", worst))
    }

    private func writeShards(record: AnalysisReport, root: URL) throws -> [URL] {
        var buffers = Array(repeating: Data(), count: shards)
        for index in 0..<records {
            var copy = record
            copy.relativePath = "artist \(index % 997)/track \(index).flac"
            let shard = Shard.index(forRelativePath: copy.relativePath, count: shards)
            buffers[shard].append(try ReportJSON.encodeLine(copy))
            buffers[shard].append(0x0A)
        }
        return try buffers.enumerated().map { index, data in
            let url = root.appendingPathComponent("shard-\(index).jsonl")
            try data.write(to: url)
            return url
        }
    }

    private func measure(_ body: () async throws -> Void) async throws -> Double {
        let clock = ContinuousClock()
        let start = clock.now
        try await body()
        let elapsed = clock.now - start
        return elapsed / .seconds(1)
    }

    private func report(_ name: String, count: Int, unit: String, seconds: Double, extra: String = "") {
        let rate = seconds > 0 ? Double(count) / seconds : 0
        let label = name.padding(toLength: 22, withPad: " ", startingAt: 0)
        let figures = String(format: "%9d %@ in %9.1f ms  %10.0f /s", count, unit as NSString, seconds * 1000, rate)
        print("\(label) \(figures)\(extra.isEmpty ? "" : "  " + extra)")
    }

    private static func sampleRecord() -> AnalysisReport {
        let summary = ReportSummary(mean: 1800.5, std: 210.25, min: 12, max: 7000, median: 1750, p10: 900, p90: 2700)
        let features = FeatureReport(
            spectralCentroid: summary, spectralBandwidth: summary, spectralRolloff: summary, spectralFlatness: summary,
            spectralFlux: summary, rms: summary, zeroCrossingRate: summary,
            mfcc: VectorSummary(mean: Array(repeating: -12.5, count: 13), std: Array(repeating: 3.25, count: 13)),
            chroma: VectorSummary(mean: Array(repeating: 0.31, count: 12), std: Array(repeating: 0.12, count: 12)))
        let stages = [
            "preparation", "initial_analysis", "feature_extraction", "deep_analysis", "aggregation",
            "post_processing", "finalization",
        ]
        .map { StageReport(name: $0, status: .completed, attempts: 1, durationMilliseconds: 41.5) }
        return AnalysisReport(
            relativePath: "x.wav", status: .ok,
            file: FileReport(
                format: "flac", encoding: "pcm_16", sampleRate: 44100, channels: 2, durationSeconds: 215.3),
            source: SourceFacts(sizeBytes: 25_000_000, mtimeSeconds: 1_763_900_000, mtimeNanoseconds: 5),
            tempo: TempoReport(
                bpm: 123.05, confidence: 0.88, beats: (0..<440).map { Double($0) * 0.4876 },
                candidates: [
                    TempoCandidateReport(bpm: 123.05, strength: 1), TempoCandidateReport(bpm: 61.5, strength: 0.4),
                ]),
            key: KeyReport(
                name: "F# minor", tonic: "F#", mode: .minor, camelot: "11A", openKey: "4m", tuningCents: 2,
                confidence: 0.7, candidates: [KeyCandidateReport(name: "F# minor", score: 0.8)]),
            loudness: LoudnessReport(integratedLUFS: -9.8, rangeLU: 5.2, truePeakDBTP: 0.3),
            features: features, quality: 0.83, stages: stages, configHash: "0123456789abcdef")
    }
}
