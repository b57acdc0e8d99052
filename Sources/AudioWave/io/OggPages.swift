/// The page structure of an Ogg file (RFC 3533), walked by the page headers alone: 27 bytes, then the segment
/// table, whose sum is the page's body (about two reads per 4 KB page, nothing decoded).
///
/// It answers two questions libsndfile's reading leaves open. A chained file holds several streams one after the
/// other (internet radio recorded to disk, files joined with `cat`): libsndfile reads the first link only and gives
/// its length as the file's. And libsndfile reports "length unknown" both for a file whose last page is missing (cut
/// short) and for a whole one followed by a few bytes that are not a page (an ID3v1 tag a tagger appended): only
/// the pages tell the two apart.
struct OggPages: Equatable {
    /// A beginning-of-stream page follows an end-of-stream page (RFC 3533 §4, §6); streams multiplexed at the start
    /// (a skeleton beside the audio) are not a chain.
    var isChained = false
    /// The last complete page ends its stream (the end-of-stream flag).
    var endsStream = false
    /// The file ends inside a page: a header, or a body shorter than its segment table says.
    var endsInsidePage = false

    /// Whether the stream's end is missing: the file ends inside a page, or its last complete page does not end
    /// the stream. Bytes after a final end-of-stream page that are not a page are not a cut.
    var isCutShort: Bool { endsInsidePage || !endsStream }

    /// Walks `file`'s pages; nil when it does not start with an Ogg page.
    init?(_ file: BufferedFile) {
        var offset: Int64 = 0
        var pages = 0
        var sawEnd = false
        while offset < file.length {
            let header = file.bytes(at: offset, count: 27)
            guard header.count >= 4, header[0..<4].elementsEqual("OggS".utf8) else { break }
            guard header.count == 27 else {
                endsInsidePage = true
                break
            }
            let segments = Int(header[26])
            let table = file.bytes(at: offset + 27, count: segments)
            let length = 27 + Int64(segments) + table.reduce(Int64(0)) { $0 + Int64($1) }
            guard table.count == segments, offset + length <= file.length else {
                endsInsidePage = true
                break
            }
            let flags = header[5]
            if flags & 0x02 != 0, sawEnd { isChained = true }
            endsStream = flags & 0x04 != 0
            sawEnd = sawEnd || endsStream
            pages += 1
            offset += length
        }
        guard pages > 0 || endsInsidePage else { return nil }
    }
}
