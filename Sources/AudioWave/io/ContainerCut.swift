import Foundation

/// A cut shown by the header of a container that FFmpeg reads without measuring it against the file: a Core Audio
/// Format file (CAF) whose chunks declare more bytes than the file holds, or an ASF file (WMA) whose File Properties
/// Object states a larger file. FFmpeg decodes such files up to their end and takes their length from what is
/// there, so without this reading a partial download is analysed as a whole, shorter file.
///
/// Only headers are read (a few dozen bytes per chunk); nothing is decoded.
enum ContainerCut {
    /// What the header promises against what the file holds.
    struct Finding: Equatable {
        /// For the `truncated` error, e.g. "the CAF data chunk declares 1411204 bytes, the file holds 846720".
        var reason: String
        /// The audio the header promises, when it says (CAF PCM: the data size over the bytes per frame; CAF with
        /// a packet table: its valid frames; ASF: the play duration less the preroll).
        var declaredSeconds: Double?
    }

    /// The cut `file`'s container header shows; nil when it is whole, states no size, or is neither CAF nor ASF.
    static func finding(in file: BufferedFile) -> Finding? {
        let magic = file.bytes(at: 0, count: 16)
        if magic.count >= 8, magic[0..<4].elementsEqual("caff".utf8) { return caf(file) }
        if magic.elementsEqual(asfHeader) { return asf(file) }
        return nil
    }

    // MARK: - CAF (Apple, "Core Audio Format Specification" 1.0: big-endian chunks of a type and an Int64 size)

    private static func caf(_ file: BufferedFile) -> Finding? {
        var offset: Int64 = 8
        var rate = 0.0
        var bytesPerPacket: Int64 = 0
        var validFrames: Int64?
        while offset + 12 <= file.length {
            let header = file.bytes(at: offset, count: 12)
            guard header.count == 12 else { return nil }
            let type = String(decoding: header[0..<4], as: UTF8.self)
            let size = Int64(bitPattern: header[4..<12].bigEndianValue)
            let body = offset + 12
            // The data chunk may leave its size unknown (-1) when it is the last one: it ends with the file.
            if type == "data", size == -1 { return nil }
            guard size >= 0 else { return nil }
            if body > file.length - size {
                guard type == "data" else {
                    return Finding(
                        reason: "the CAF '\(type)' chunk declares \(size) bytes, the file holds \(file.length - body)",
                        declaredSeconds: nil)
                }
                // The data chunk starts with a 4-byte edit count.
                let frames = bytesPerPacket > 0 ? (size - 4) / bytesPerPacket : validFrames
                return Finding(
                    reason: "the CAF data chunk declares \(size) bytes, the file holds \(file.length - body)",
                    declaredSeconds: frames.flatMap { rate > 0 ? Double($0) / rate : nil })
            }
            if type == "desc" {
                let desc = file.bytes(at: body, count: 32)
                if desc.count == 32 {
                    rate = Double(bitPattern: desc[0..<8].bigEndianValue)
                    let isPCM = desc[8..<12].elementsEqual("lpcm".utf8)
                    let framesPerPacket = desc[20..<24].bigEndianValue
                    // PCM: one frame per packet of a fixed size.
                    bytesPerPacket = isPCM && framesPerPacket == 1 ? Int64(desc[16..<20].bigEndianValue) : 0
                }
            } else if type == "pakt" {
                let table = file.bytes(at: body, count: 16)
                if table.count == 16 { validFrames = Int64(bitPattern: table[8..<16].bigEndianValue) }
            }
            offset = body + size
        }
        return nil
    }

    // MARK: - ASF (Microsoft, "Advanced Systems Format Specification" 1.20.03: little-endian objects of a GUID and
    // a UInt64 size)

    /// The Header Object's GUID, 75B22630-668E-11CF-A6D9-00AA0062CE6C, as stored.
    private static let asfHeader: [UInt8] = [
        0x30, 0x26, 0xB2, 0x75, 0x8E, 0x66, 0xCF, 0x11, 0xA6, 0xD9, 0x00, 0xAA, 0x00, 0x62, 0xCE, 0x6C,
    ]
    /// The File Properties Object's GUID, 8CABDCA1-A947-11CF-8EE4-00C00C205365, as stored.
    private static let asfFileProperties: [UInt8] = [
        0xA1, 0xDC, 0xAB, 0x8C, 0x47, 0xA9, 0xCF, 0x11, 0x8E, 0xE4, 0x00, 0xC0, 0x0C, 0x20, 0x53, 0x65,
    ]

    private static func asf(_ file: BufferedFile) -> Finding? {
        let header = file.bytes(at: 0, count: 30)
        guard header.count == 30 else { return nil }
        let headerSize = Int64(clamping: header[16..<24].littleEndianValue)
        let objectCount = Int(header[24..<28].littleEndianValue)
        var offset: Int64 = 30
        for _ in 0..<min(objectCount, 1024) {
            let object = file.bytes(at: offset, count: 24)
            guard object.count == 24, offset < headerSize else { return nil }
            let size = Int64(clamping: object[16..<24].littleEndianValue)
            guard size >= 24, size <= file.length - offset else { return nil }
            if object[0..<16].elementsEqual(asfFileProperties) {
                let properties = file.bytes(at: offset + 24, count: 80)
                guard properties.count == 80 else { return nil }
                let declaredSize = Int64(clamping: properties[16..<24].littleEndianValue)
                let playDuration = Double(properties[40..<48].littleEndianValue) / 1e7  // 100-ns units
                let preroll = Double(properties[56..<64].littleEndianValue) / 1e3  // milliseconds
                let isBroadcast = properties[64] & 0x01 != 0  // sizes and durations are not valid
                guard !isBroadcast, declaredSize > file.length else { return nil }
                return Finding(
                    reason: "the ASF header declares a file of \(declaredSize) bytes, the file holds \(file.length)",
                    declaredSeconds: playDuration > preroll ? playDuration - preroll : nil)
            }
            offset += size
        }
        return nil
    }
}
