/// Whether an Ogg file is chained: several streams one after the other (internet radio recorded to disk, files
/// joined with `cat`), each link starting with a beginning-of-stream page after the previous one's end-of-stream
/// page (RFC 3533 §4, §6). libsndfile reads the first link only and gives its length as the file's, so the rest
/// would go unheard with nothing said; FFmpeg decodes every link.
enum OggChain {
    /// Whether a beginning-of-stream page follows an end-of-stream page in `file`. Pages are walked by their
    /// headers (27 bytes, then the segment table: the page's length), about one read per 4 KB page; the walk stops
    /// at the first bytes that are not a page. Streams multiplexed at the start (a skeleton beside the audio) are not
    /// a chain.
    static func isChained(_ file: BufferedFile) -> Bool {
        var offset: Int64 = 0
        var sawEnd = false
        while offset + 27 <= file.length {
            let header = file.bytes(at: offset, count: 27)
            guard header.count == 27, header[0..<4].elementsEqual("OggS".utf8) else { return false }
            let flags = header[5]
            if flags & 0x02 != 0, sawEnd { return true }
            if flags & 0x04 != 0 { sawEnd = true }
            let segments = Int(header[26])
            let table = file.bytes(at: offset + 27, count: segments)
            guard table.count == segments else { return false }
            offset += 27 + Int64(segments) + table.reduce(Int64(0)) { $0 + Int64($1) }
        }
        return false
    }
}
