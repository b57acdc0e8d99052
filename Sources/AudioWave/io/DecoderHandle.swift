/// An open decoder of one file, as ``AudioDecoder`` uses it: the stream's facts, interleaved Float32 frames at the
/// file's own rate and channel count, and seeking to a frame.
///
/// ``SndfileHandle`` and ``FFmpegHandle`` are the two; everything above them (excerpts, downmix, resampling,
/// cancellation, the NaN and truncation checks) is one mechanism for both. A handle is used from one thread at a
/// time, by one decode.
protocol DecoderHandle: AnyObject {
    /// The file, as the caller named it, for errors.
    var path: String { get }
    /// Which library decodes it.
    var library: DecoderLibrary { get }
    /// Human names of the container and the sample encoding, and short identifiers of both.
    var formatNames: (container: String, encoding: String, shortName: String, encodingCode: String) { get }
    /// Frames per second of the frames ``readFrames(into:frameCount:)`` delivers.
    var sampleRate: Int { get }
    /// Samples per frame of what ``readFrames(into:frameCount:)`` delivers.
    var channelCount: Int { get }
    /// The length the file claims, in frames.
    var frameCount: Int64 { get }
    /// Whether ``seek(toFrame:)`` lands on the exact frame at a cost that does not grow with the distance; when
    /// false, an excerpt is reached by reading (and dropping) the frames before it.
    var isSeekable: Bool { get }
    /// Frames a complete decode may fall short of ``frameCount`` without the file counting as truncated.
    var frameCountTolerance: Int64 { get }
    /// Why the file is known at open to be cut short although every frame it holds decodes (a WAV whose data chunk
    /// runs past the end, an Ogg stream whose last page is missing), and the frames its header promised where it
    /// says; nil for a file that looks whole.
    var knownCut: KnownCut? { get }
    /// Why the data ended before the end of the file, in the library's words, when a read failed; nil otherwise.
    var readProblem: String? { get }
    /// What is wrong with a header that was read around (a WAV whose data size was never written, an MP3 whose
    /// Xing header misstates the stream's size), for the report's warnings; nil for a header that was believed.
    var headerNote: String? { get }

    /// Reads up to `frameCount` interleaved frames into the start of `buffer` (which must hold
    /// `frameCount * channelCount` samples), returning how many were read: 0 only at the end of the data.
    func readFrames(into buffer: inout [Float], frameCount: Int) throws(AudioError) -> Int
    /// Moves the read position to `frame` (from the start): the next read starts with that frame.
    func seek(toFrame frame: Int64) throws(AudioError)
}

/// A cut found when a file is opened: ``DecoderHandle/knownCut``.
struct KnownCut: Sendable, Equatable {
    /// The reason, for the `truncated` error, e.g. "header says 176400 bytes of audio data, the file holds 44100".
    var reason: String
    /// The frames the header promised, when it states a length.
    var declaredFrames: Int64?
}

extension DecoderHandle {
    /// libsndfile reports a failed read as an error at once (``SndfileHandle/readFrames(into:frameCount:)``).
    var readProblem: String? { nil }
    /// Only a handle ``DecoderChoice`` chose around a header carries one.
    var headerNote: String? { nil }
}
