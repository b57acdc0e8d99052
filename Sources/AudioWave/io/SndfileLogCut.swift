/// A cut file as libsndfile's open log shows it: libsndfile opens a file whose header promises more audio than the
/// file holds, keeps the frames that are there, and says so only in its log (`SFC_GET_LOG_INFO`).
enum SndfileLogCut {
    /// The cut the log of an opened file shows, given the frames libsndfile found; nil when the header and the file
    /// agree. Read from:
    /// - a data chunk size above what the file holds, `data : 1411200 (should be 705584)` (WAV, WAVEX), `SSND : …`
    ///   (AIFF), `Data Size : …` (AU): the frames promised follow from the missing bytes;
    /// - an RF64 whose `ds64` chunk counts more frames than the data holds: `Calculated frame count 176385 does not
    ///   match value from 'ds64' chunk of 352800.`;
    /// - a Wave64 file shorter than its container says (``wave64Cut(inLog:frameCount:)``).
    ///
    /// Streaming writers' placeholder sizes (0, 0x7FFFFFFF, 0xFFFFFFFF) are not promises.
    static func cut(inLog log: String, frameCount: Int64) -> KnownCut? {
        for line in log.split(separator: "\n") {
            let text = line.trimmingPrefix(while: { $0 == " " })
            let numbers = text.split(whereSeparator: { !$0.isNumber }).compactMap { Int64($0) }
            guard numbers.count >= 2 else { continue }
            let (declared, present) = (numbers[numbers.count - 2], numbers[numbers.count - 1])
            if text.contains("Calculated frame count"), text.contains("'ds64'") {
                // "Calculated frame count <present> does not match value from 'ds64' chunk of <declared>."
                let (counted, promised) = (numbers[0], numbers[numbers.count - 1])
                guard promised > counted else { continue }
                return KnownCut(
                    reason: "the ds64 chunk says \(promised) frames, the file holds \(counted)",
                    declaredFrames: promised)
            }
            let isDataSize = text.hasPrefix("data ") || text.hasPrefix("SSND ") || text.hasPrefix("Data Size ")
            guard isDataSize, text.contains("should be"), declared > present,
                ![0xFFFF_FFFF, 0x7FFF_FFFF].contains(declared)
            else { continue }
            // The missing bytes at the frame size (whole bytes for PCM; a chunk's few bytes before its samples,
            // like AIFF's SSND offset, do not count), or scaled from the bytes for a codec packing frames tighter.
            let bytesPerFrame = present / max(1, frameCount)
            let promised =
                bytesPerFrame >= 1
                ? Double(frameCount) + Double(declared - present) / Double(bytesPerFrame)
                : Double(frameCount) * Double(declared) / Double(max(1, present))
            return KnownCut(
                reason: "header says \(declared) bytes of audio data, the file holds \(present)",
                declaredFrames: Int64(min(promised.rounded(), Double(Int64.max / 2))))
        }
        return wave64Cut(inLog: log, frameCount: frameCount)
    }

    /// A Sony Wave64 file cut short: its log compares the container's size with the file's (`riff : 1411304 (should
    /// be 705652)`, lower case, where a WAV's says `RIFF`) and gives the data chunk's size with its 24-byte header
    /// (`data : 1411224`), without comparing that with the frames there; the block align (`Block Align : 4`) does.
    static func wave64Cut(inLog log: String, frameCount: Int64) -> KnownCut? {
        var containerIsShort = false
        var dataChunk: Int64?
        var blockAlign: Int64?
        for line in log.split(separator: "\n") {
            let text = line.trimmingPrefix(while: { $0 == " " })
            let numbers = text.split(whereSeparator: { !$0.isNumber }).compactMap { Int64($0) }
            if text.hasPrefix("riff :"), text.contains("should be"), numbers.count == 2 {
                containerIsShort = numbers[0] > numbers[1]
            } else if text.hasPrefix("data :"), !text.contains("should be"), numbers.count == 1 {
                dataChunk = numbers[0]
            } else if text.hasPrefix("Block Align"), let value = numbers.last {
                blockAlign = value
            }
        }
        guard containerIsShort, let chunk = dataChunk, let align = blockAlign, align > 0 else { return nil }
        let declared = chunk - 24
        let present = frameCount * align
        guard declared > present + align else { return nil }
        return KnownCut(
            reason: "header says \(declared) bytes of audio data, the file holds \(present)",
            declaredFrames: declared / align)
    }
}
