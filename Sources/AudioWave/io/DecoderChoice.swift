/// Which library decodes a file: libsndfile first, wherever it opens the file; FFmpeg when libsndfile does not
/// recognise it (M4A, WMA, Matroska, WavPack, …) or refuses an MP3, and for a file that starts like MPEG audio
/// but whose first frames do not hold together (``MPEGFrameScan``: libsndfile's MP3 decoder would print its
/// complaints on standard error), or whose length libsndfile cannot find (an Ogg stream cut short). A WAV or
/// AIFF whose data size was never written is read by libsndfile with the sizes corrected (``UnwrittenDataSize``).
/// A CAF or ASF file FFmpeg reads is checked against its own header (``ContainerCut``): FFmpeg takes its length
/// from what is there.
enum DecoderChoice {
    /// Opens `path` with the first library that reads it.
    /// - Throws: libsndfile's error when it recognises the file but finds it bad (a 0 Hz header, truncated data),
    ///   FFmpeg's when only FFmpeg recognises it, and `.unsupportedFormat` naming both libraries' reasons when
    ///   neither does.
    static func open(path: String) throws(AudioError) -> any DecoderHandle {
        let refusal: AudioError
        let file = try? BufferedFile(path: path)
        if let scanned = try MPEGFrameScan.refusal(path: path) {
            refusal = scanned
        } else if let ffmpeg = misstatedMPEG(path: path, file: file) ?? wholeChain(path: path, file: file) {
            return ffmpeg
        } else {
            do {
                let handle = try SndfileHandle(path: path)
                if handle.frameCount == Int64.max { return lengthFromFFmpeg(for: handle, file: file) }
                if handle.frameCount == 0, let file, let unwritten = UnwrittenDataSize.finding(in: file) {
                    return toTheEnd(handle, corrections: unwritten.corrections, note: unwritten.note)
                }
                return handle.isMPEG ? countedMPEG(handle, file: file) : handle
            } catch {
                refusal = error
            }
        }
        // libsndfile says `.truncated` at open only for MPEG audio without a complete frame: FFmpeg may read it.
        guard refusal.code == .unsupportedFormat || refusal.code == .truncated else { throw refusal }
        let cut = file.flatMap(ContainerCut.finding(in:))
        do {
            let ffmpeg = try FFmpegHandle(path: path)
            if let cut {
                let rate = Double(ffmpeg.sampleRate)
                ffmpeg.knownCut = KnownCut(
                    reason: cut.reason, declaredFrames: cut.declaredSeconds.map { Int64(($0 * rate).rounded()) })
            }
            return ffmpeg
        } catch {
            if let cut {
                throw AudioError(
                    .truncated, path: path, reason: "\(cut.reason): the file is cut short (\(error.reason))")
            }
            throw combined(libsndfile: refusal, ffmpeg: error)
        }
    }

    /// A stream whose length libsndfile cannot find (`SF_COUNT_MAX`) goes to FFmpeg, which takes an Ogg stream's
    /// length from its last complete page and counts the frames of a FLAC whose header leaves the length unknown
    /// (a streamed encode), so every frame there is gets decoded. Only an Ogg stream whose pages show its end
    /// missing (``OggPages/isCutShort``) is cut short; a whole one followed by bytes that are not a page (an ID3v1
    /// tag) is not. When FFmpeg cannot read the file either, libsndfile's handle is returned and refused as
    /// `truncated`.
    private static func lengthFromFFmpeg(for handle: SndfileHandle, file: BufferedFile?) -> any DecoderHandle {
        guard let ffmpeg = try? FFmpegHandle(path: handle.path), ffmpeg.frameCount > 0, ffmpeg.frameCount < Int64.max
        else { return handle }
        if handle.isOgg, let file, OggPages(file)?.isCutShort ?? true {
            ffmpeg.knownCut = missingEnd
        }
        return ffmpeg
    }

    /// A WAV or AIFF whose audio chunk declares no sample with audio after it (``UnwrittenDataSize``: a recording
    /// whose header was never finalised) is opened again with the sizes the header should hold, so libsndfile
    /// reads the chunk to the end of the file; it would find no frames and the file would be called empty.
    private static func toTheEnd(
        _ handle: SndfileHandle, corrections: [HeaderCorrection], note: String
    ) -> any DecoderHandle {
        guard let corrected = try? SndfileHandle(path: handle.path, corrections: corrections),
            corrected.frameCount > 0
        else { return handle }
        corrected.headerNote = note
        return corrected
    }

    /// The cut of an Ogg file whose pages show its end missing (``OggPages/isCutShort``).
    private static let missingEnd = KnownCut(
        reason: "the stream's end is missing: the file is cut short or damaged; FFmpeg decodes it up to its last "
            + "complete page",
        declaredFrames: nil)

    /// A chained Ogg file (``OggPages``) goes to FFmpeg before libsndfile sees it: libsndfile stops at the end of
    /// the first link (or finds no length when the links' codecs differ), and FFmpeg's container length is the first
    /// link's for Ogg FLAC. FFmpeg decodes every link up to a change of codec (which the report's warnings name);
    /// the length is the links' granule positions (a decode of the whole file only for a codec whose granules the
    /// pages do not give). nil for anything else.
    private static func wholeChain(path: String, file: BufferedFile?) -> (any DecoderHandle)? {
        guard let file, let pages = OggPages(file), pages.isChained,
            let ffmpeg = try? FFmpegHandle(path: path, chain: pages), ffmpeg.frameCount > 0
        else { return nil }
        if pages.isCutShort { ffmpeg.knownCut = missingEnd }
        if let codecs = pages.codecs, let change = codecs.firstIndex(where: { $0 != codecs[0] }) {
            ffmpeg.headerNote =
                "a chained Ogg file whose links change codec (\(codecs[0].rawValue), then \(codecs[change].rawValue) "
                + "in link \(change + 1) of \(codecs.count)): FFmpeg decodes the links only up to the change"
        }
        return ffmpeg
    }

    /// An MP3 whose Xing, Info or VBRI header misstates the stream's size (a file cut short, MP3s joined with `cat`;
    /// ``MPEGStreamLength/headerDisagreesWithSize(_:file:)``) goes to FFmpeg before libsndfile sees it: libmpg123
    /// would print a warning on standard error at every open, and stop a joined file where its first part's header
    /// ends.
    /// nil when the header agrees, there is none, or FFmpeg cannot open the file either.
    private static func misstatedMPEG(path: String, file: BufferedFile?) -> (any DecoderHandle)? {
        guard let file, let header = MPEGStreamLength.lengthHeader(file),
            MPEGStreamLength.headerDisagreesWithSize(header, file: file), let stated = header.bytes,
            let ffmpeg = try? FFmpegHandle(path: path)
        else { return nil }
        // A stream shorter than stated is a cut, which the decode reports (`truncated`); a longer one (MP3s joined)
        // would have been read only as far as the header says.
        let spanned = MPEGStreamLength.streamBytes(after: header, in: file)
        if spanned > stated {
            ffmpeg.headerNote =
                "the MP3's Xing/Info header says the stream holds \(stated) bytes, the file holds \(spanned) after "
                + "its start (MP3s joined?): every frame was read, not only the stated ones"
        }
        return ffmpeg
    }

    /// An MP3 whose length libsndfile only estimated (no Xing, Info or VBRI header) and got wrong by more than its
    /// tolerance, as walking the frames shows (``MPEGStreamLength``: a variable bit rate), goes to FFmpeg, which
    /// sums the packets' durations and decodes every frame; libsndfile would stop where its estimate ends.
    private static func countedMPEG(_ handle: SndfileHandle, file: BufferedFile?) -> any DecoderHandle {
        guard let file, let count = MPEGStreamLength.count(file),
            abs(count.samples - handle.frameCount) > handle.frameCountTolerance,
            let ffmpeg = try? FFmpegHandle(path: handle.path), ffmpeg.frameCount > 0
        else { return handle }
        return ffmpeg
    }

    /// The error for a file both libraries refused: FFmpeg's when it recognised the format and found it bad,
    /// libsndfile's `.truncated` MPEG verdict when FFmpeg could not tell more, otherwise `.unsupportedFormat` with
    /// both reasons.
    static func combined(libsndfile: AudioError, ffmpeg: AudioError) -> AudioError {
        if ffmpeg.code != .unsupportedFormat { return ffmpeg }
        if libsndfile.code != .unsupportedFormat { return libsndfile }
        return AudioError(
            .unsupportedFormat, path: libsndfile.path,
            reason: "neither decoder reads it (libsndfile: \(libsndfile.reason); \(ffmpeg.reason))")
    }
}
