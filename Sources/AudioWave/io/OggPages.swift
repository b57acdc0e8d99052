/// The page structure of an Ogg file (RFC 3533), walked by the page headers alone: 27 bytes, then the segment
/// table, whose sum is the page's body (about two reads per 4 KB page, nothing decoded).
///
/// It answers two questions libsndfile's reading leaves open. A chained file holds several streams one after the
/// other (internet radio recorded to disk, files joined with `cat`): libsndfile reads the first link only and gives
/// its length as the file's. And libsndfile reports "length unknown" both for a file whose last page is missing (cut
/// short) and for a whole one followed by a few bytes that are not a page (an ID3v1 tag a tagger appended): only
/// the pages tell the two apart. The same walk gives a chain's length without decoding it: each link's audio stream
/// counts its samples in the granule position of its pages (``frames(atRate:)``).
struct OggPages: Equatable {
    /// The audio codecs whose first header packet gives the rate their granule positions count at.
    enum Codec: String, Equatable {
        case vorbis = "Vorbis", opus = "Opus", flac = "FLAC", speex = "Speex"
    }

    /// One link of a chain: its audio stream (the first Vorbis, Opus, FLAC or Speex stream that begins in it) and
    /// the granule position of that stream's last page.
    struct Link: Equatable {
        /// The stream's serial number (RFC 3533 §6).
        var serial: UInt32
        var codec: Codec
        /// The rate its granule positions count at: the Vorbis identification header's rate, FLAC's STREAMINFO rate,
        /// the Speex header's rate; 48 kHz for Opus.
        var granuleRate: Int
        /// Samples at the stream's start that the decoder drops (Opus pre-skip, RFC 7845 §5.1); 0 for Vorbis.
        var preSkip: Int64
        /// The granule position of the stream's last page that ends a packet.
        var lastGranule: Int64?
    }

    /// A beginning-of-stream page follows an end-of-stream page (RFC 3533 §4, §6); streams multiplexed at the start
    /// (a skeleton beside the audio) are not a chain.
    var isChained = false
    /// The last complete page ends its stream (the end-of-stream flag).
    var endsStream = false
    /// The file ends inside a page: a header, or a body shorter than its segment table says.
    var endsInsidePage = false
    /// The links in file order, each with its audio stream when one was recognised (nil: a codec whose granule
    /// positions are not read here).
    var links: [Link?] = []

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
            let beginsStream = flags & 0x02 != 0
            if beginsStream, sawEnd { isChained = true }
            if links.isEmpty || (beginsStream && endsStream) { links.append(nil) }  // a new link after the last's end
            let serial = UInt32(truncatingIfNeeded: header[14..<18].littleEndianValue)
            if beginsStream, links[links.count - 1] == nil {
                links[links.count - 1] = Self.audioStream(
                    serial: serial, firstPacket: file.bytes(at: offset + 27 + Int64(segments), count: 40))
            }
            let granule = Int64(bitPattern: header[6..<14].littleEndianValue)
            if granule != -1, let link = links[links.count - 1], link.serial == serial {
                links[links.count - 1]?.lastGranule = granule
            }
            endsStream = flags & 0x04 != 0
            sawEnd = sawEnd || endsStream
            pages += 1
            offset += length
        }
        guard pages > 0 || endsInsidePage else { return nil }
    }

    /// The samples of every link together, at `rate` (each link's count converted from its own rate, as a decoder
    /// that resamples later links to the first one's rate delivers them); nil when a link's audio stream was not
    /// recognised or ends without a granule position.
    func frames(atRate rate: Int) -> Int64? {
        guard rate > 0, !links.isEmpty else { return nil }
        var total = 0.0
        for link in links {
            guard let link, let last = link.lastGranule, link.granuleRate > 0 else { return nil }
            total += Double(max(0, last - link.preSkip)) * Double(rate) / Double(link.granuleRate)
        }
        return Int64(total.rounded())
    }

    /// The codecs of the links, in order, when every link's was recognised.
    var codecs: [Codec]? {
        let known = links.compactMap { $0?.codec }
        return known.count == links.count ? known : nil
    }

    /// The audio stream a beginning-of-stream page opens, from the start of its first packet: a Vorbis
    /// identification header (`\u{1}vorbis`, the rate at byte 12), an Opus one (`OpusHead`, the pre-skip at byte 10),
    /// Ogg FLAC's mapping header (`\u{7F}FLAC`, then `fLaC` and STREAMINFO, whose 20-bit rate starts at byte 27) or
    /// a Speex header (`Speex   `, the rate at byte 36).
    private static func audioStream(serial: UInt32, firstPacket bytes: [UInt8]) -> Link? {
        guard bytes.count >= 16 else { return nil }
        if bytes[0] == 1, bytes[1..<7].elementsEqual("vorbis".utf8) {
            let rate = Int(bytes[12..<16].littleEndianValue)
            return rate > 0 ? Link(serial: serial, codec: .vorbis, granuleRate: rate, preSkip: 0) : nil
        }
        if bytes[0..<8].elementsEqual("OpusHead".utf8) {
            let preSkip = Int64(bytes[10..<12].littleEndianValue)
            return Link(serial: serial, codec: .opus, granuleRate: 48_000, preSkip: preSkip)
        }
        if bytes.count >= 30, bytes[0] == 0x7F, bytes[1..<5].elementsEqual("FLAC".utf8),
            bytes[9..<13].elementsEqual("fLaC".utf8)
        {
            let rate = Int(bytes[27]) << 12 | Int(bytes[28]) << 4 | Int(bytes[29]) >> 4
            return rate > 0 ? Link(serial: serial, codec: .flac, granuleRate: rate, preSkip: 0) : nil
        }
        if bytes.count >= 40, bytes[0..<8].elementsEqual("Speex   ".utf8) {
            let rate = Int(bytes[36..<40].littleEndianValue)
            return rate > 0 ? Link(serial: serial, codec: .speex, granuleRate: rate, preSkip: 0) : nil
        }
        return nil
    }
}
