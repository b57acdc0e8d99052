import Foundation
import Testing

@testable import AudioWave
@testable import AudioWaveBatch

@Suite("Shard")
struct ShardTests {
    @Test("K/N parses as a 0-based index")
    func parses() throws {
        let shard = try Shard(parsing: "2/8")
        #expect(shard.index == 2 && shard.count == 8)
        #expect(shard.description == "2/8")
        #expect(try Shard(parsing: "0/1") == Shard.all)
    }

    @Test("malformed or out-of-range shards are refused", arguments: ["8/8", "-1/4", "1/0", "1", "a/b", "1/2/3", ""])
    func refuses(text: String) {
        #expect(throws: ShardError.self) { try Shard(parsing: text) }
    }

    @Test("N shards partition the files: each file in exactly one, sizes balanced")
    func partitions() throws {
        let paths = (0..<4000).map { "artist \($0 % 37)/album \($0 % 11)/track-\($0).flac" }
        for count in [2, 3, 4, 8] {
            let shards = try (0..<count).map { try Shard(index: $0, count: count) }
            var sizes = Array(repeating: 0, count: count)
            for path in paths {
                let owners = shards.filter { $0.contains(relativePath: path) }
                #expect(owners.count == 1)
                if let owner = owners.first { sizes[owner.index] += 1 }
            }
            let expected = Double(paths.count) / Double(count)
            #expect(sizes.allSatisfy { abs(Double($0) - expected) < expected * 0.1 }, "\(count): \(sizes)")
        }
    }

    @Test("a scan's single-file problems go to exactly one shard, folder problems to all")
    func filtersProblems() throws {
        let problem = { (path: String, isDirectory: Bool) in
            ScanProblem(
                path: "/x/" + path, relativePath: path, code: .notFound, isDirectory: isDirectory, message: path)
        }
        let scan = ScanResult(
            files: [
                ScannedFile(
                    url: URL(fileURLWithPath: "/x/a.wav"), relativePath: "a.wav", root: URL(fileURLWithPath: "/x"))
            ],
            problems: (0..<20).map { problem("broken-\($0).wav", false) } + [problem("locked", true)])
        let parts = try (0..<3).map { try Shard(index: $0, count: 3).filter(scan) }
        let single = parts.flatMap(\.problems).filter { !$0.isDirectory }.map(\.relativePath)
        #expect(single.sorted() == scan.problems.filter { !$0.isDirectory }.map(\.relativePath).sorted())
        #expect(parts.allSatisfy { $0.problems.contains { $0.isDirectory } })
        #expect(parts.map(\.files.count).reduce(0, +) == 1)
    }

    @Test("a Kubernetes Indexed Job's JOB_COMPLETION_INDEX with --shards N gives the shard")
    func kubernetes() throws {
        #expect(try Shard.fromEnvironment(["JOB_COMPLETION_INDEX": "3"], shardCount: 4) == Shard(index: 3, count: 4))
        #expect(throws: ShardError.self) { try Shard.fromEnvironment(["JOB_COMPLETION_INDEX": "3"], shardCount: nil) }
        #expect(throws: ShardError.self) { try Shard.fromEnvironment(["JOB_COMPLETION_INDEX": "4"], shardCount: 4) }
        #expect(throws: ShardError.self) { try Shard.fromEnvironment(["JOB_COMPLETION_INDEX": "x"], shardCount: 4) }
    }

    @Test("a SLURM array task maps to a 0-based shard whatever the array's first id")
    func slurm() throws {
        let zeroBased = ["SLURM_ARRAY_TASK_ID": "0", "SLURM_ARRAY_TASK_COUNT": "4", "SLURM_ARRAY_TASK_MIN": "0"]
        #expect(try Shard.fromEnvironment(zeroBased, shardCount: nil) == Shard(index: 0, count: 4))
        let oneBased = ["SLURM_ARRAY_TASK_ID": "4", "SLURM_ARRAY_TASK_COUNT": "4", "SLURM_ARRAY_TASK_MIN": "1"]
        #expect(try Shard.fromEnvironment(oneBased, shardCount: nil) == Shard(index: 3, count: 4))
        let stepped = ["SLURM_ARRAY_TASK_ID": "14", "SLURM_ARRAY_TASK_MIN": "10", "SLURM_ARRAY_TASK_STEP": "2"]
        #expect(try Shard.fromEnvironment(stepped, shardCount: 3) == Shard(index: 2, count: 3))
        #expect(throws: ShardError.self) { try Shard.fromEnvironment(["SLURM_ARRAY_TASK_ID": "1"], shardCount: nil) }
        #expect(throws: ShardError.self) {
            try Shard.fromEnvironment(["SLURM_ARRAY_TASK_ID": "1", "SLURM_ARRAY_TASK_COUNT": "4"], shardCount: 5)
        }
        // Without MIN, an array starting at 1 overflows: refused rather than silently skipping shard 0.
        #expect(throws: ShardError.self) {
            try Shard.fromEnvironment(["SLURM_ARRAY_TASK_ID": "4", "SLURM_ARRAY_TASK_COUNT": "4"], shardCount: nil)
        }
    }

    @Test("no scheduler variables means no shard, unless --shards was given")
    func noEnvironment() throws {
        #expect(try Shard.fromEnvironment([:], shardCount: nil) == nil)
        #expect(throws: ShardError.self) { try Shard.fromEnvironment([:], shardCount: 4) }
    }
}
