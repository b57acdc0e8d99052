import AudioWaveReport
import Foundation

/// One of N disjoint parts of a batch: N processes, each given a different shard, together
/// analyse every file exactly once.
///
/// Indices are **0-based**: `--shard 0/4` … `--shard 3/4` (Kubernetes' `JOB_COMPLETION_INDEX`
/// is 0-based too). A file belongs to shard `StableHash.shardHash(relativePath) % count`, so the
/// assignment depends only on the path relative to the input root: the same on every machine
/// and in every run, whatever the mount point.
public struct Shard: Sendable, Hashable, CustomStringConvertible {
    /// This shard's index, 0 ..< ``count``.
    public let index: Int
    /// The number of shards, ≥ 1.
    public let count: Int

    /// The single shard of an unsharded run (`0/1`): contains every file.
    public static let all = Shard(uncheckedIndex: 0, count: 1)

    /// Creates a shard.
    /// - Throws: ``ShardError`` unless `count ≥ 1` and `0 ≤ index < count`.
    public init(index: Int, count: Int) throws(ShardError) {
        guard count >= 1 else { throw ShardError("shard count must be at least 1, got \(count)") }
        guard (0..<count).contains(index) else {
            throw ShardError("shard index must be in 0..<\(count) (0-based), got \(index)")
        }
        self.init(uncheckedIndex: index, count: count)
    }

    private init(uncheckedIndex: Int, count: Int) {
        self.index = uncheckedIndex
        self.count = count
    }

    /// Parses `"K/N"` (0-based K, as `--shard` takes it), e.g. `"2/8"`.
    /// - Throws: ``ShardError`` naming the text when it is malformed or out of range.
    public init(parsing text: String) throws(ShardError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2,
            let index = Int(parts[0].trimmingCharacters(in: .whitespaces)),
            let count = Int(parts[1].trimmingCharacters(in: .whitespaces))
        else { throw ShardError("\"\(text)\" is not K/N (e.g. 0/4)") }
        try self.init(index: index, count: count)
    }

    /// The shard a scheduler assigned through the environment, or nil when none did.
    ///
    /// - Kubernetes Indexed Job: `JOB_COMPLETION_INDEX` (0-based) with `shardCount` (`--shards N`,
    ///   the Job's `completions`), which is required then.
    /// - SLURM job array: index `SLURM_ARRAY_TASK_ID − SLURM_ARRAY_TASK_MIN` (divided by
    ///   `SLURM_ARRAY_TASK_STEP` when set), so `--array=1-8` works as well as `--array=0-7`;
    ///   count `shardCount`, else `SLURM_ARRAY_TASK_COUNT`. When both are given they must agree.
    ///
    /// - Parameters:
    ///   - environment: The process environment (injectable for tests).
    ///   - shardCount: `--shards N`, if given.
    /// - Returns: The shard, or nil when neither variable is set and `shardCount` is nil.
    /// - Throws: ``ShardError`` for a malformed variable, a missing count, an index out of range,
    ///   or `--shards` given with no scheduler variable.
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment, shardCount: Int?
    ) throws(ShardError) -> Shard? {
        if let text = environment["JOB_COMPLETION_INDEX"] {
            let index = try integer(text, named: "JOB_COMPLETION_INDEX")
            guard let shardCount else {
                throw ShardError("JOB_COMPLETION_INDEX is set: give the number of shards with --shards N")
            }
            return try Shard(index: index, count: shardCount)
        }
        if let text = environment["SLURM_ARRAY_TASK_ID"] {
            let id = try integer(text, named: "SLURM_ARRAY_TASK_ID")
            let minimum =
                try environment["SLURM_ARRAY_TASK_MIN"].map { text throws(ShardError) in
                    try integer(text, named: "SLURM_ARRAY_TASK_MIN")
                } ?? 0
            let step =
                try environment["SLURM_ARRAY_TASK_STEP"].map { text throws(ShardError) in
                    try integer(text, named: "SLURM_ARRAY_TASK_STEP")
                } ?? 1
            let slurmCount = try environment["SLURM_ARRAY_TASK_COUNT"].map { text throws(ShardError) in
                try integer(text, named: "SLURM_ARRAY_TASK_COUNT")
            }
            guard let count = shardCount ?? slurmCount else {
                throw ShardError("SLURM_ARRAY_TASK_ID is set but neither --shards N nor SLURM_ARRAY_TASK_COUNT is")
            }
            if let slurmCount, slurmCount != count {
                throw ShardError("--shards \(count) disagrees with SLURM_ARRAY_TASK_COUNT=\(slurmCount)")
            }
            guard step >= 1, (id - minimum) % step == 0 else {
                throw ShardError("SLURM_ARRAY_TASK_ID=\(id) is not MIN + k*STEP (MIN \(minimum), STEP \(step))")
            }
            return try Shard(index: (id - minimum) / step, count: count)
        }
        if let shardCount {
            throw ShardError(
                "--shards \(shardCount) needs JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID in the environment")
        }
        return nil
    }

    /// The shard index, 0 ..< `count`, of a relative path.
    public static func index(forRelativePath relativePath: String, count: Int) -> Int {
        Int(StableHash.shardHash(relativePath) % UInt64(Swift.max(count, 1)))
    }

    /// Whether this shard analyses the file at `relativePath`.
    public func contains(relativePath: String) -> Bool {
        Shard.index(forRelativePath: relativePath, count: count) == index
    }

    /// The files of this shard, in their original order.
    public func filter(_ files: [ScannedFile]) -> [ScannedFile] {
        files.filter { contains(relativePath: $0.relativePath) }
    }

    /// This shard's part of a scan: its files and its single-file problems (so that a broken link
    /// gets a `failed` record from exactly one shard). Folder problems are kept by every shard.
    public func filter(_ scan: ScanResult) -> ScanResult {
        ScanResult(
            files: filter(scan.files),
            problems: scan.problems.filter { $0.isDirectory || contains(relativePath: $0.relativePath) })
    }

    /// `"K/N"`.
    public var description: String { "\(index)/\(count)" }

    private static func integer(_ text: String, named name: String) throws(ShardError) -> Int {
        guard let value = Int(text.trimmingCharacters(in: .whitespaces)) else {
            throw ShardError("\(name)=\"\(text)\" is not an integer")
        }
        return value
    }
}

/// A shard specification is malformed or inconsistent. The CLI exits with status 2.
public struct ShardError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong, naming the flag or variable.
    public var message: String

    /// Creates an error with a message.
    public init(_ message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}
