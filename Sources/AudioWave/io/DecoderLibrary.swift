/// The library that decodes a file: libsndfile where it reads the file, FFmpeg's libraries for the rest.
public enum DecoderLibrary: String, Sendable, Hashable, Codable, CaseIterable {
    /// libsndfile: WAV, AIFF, FLAC, Ogg Vorbis and Opus, MP3 and the other formats it reads. Always tried first.
    case libsndfile
    /// FFmpeg (libavformat, libavcodec, libswresample): AAC and ALAC in MP4/M4A, WMA, AC-3, Matroska and WebM,
    /// WavPack, APE and the MP3 files libsndfile refuses. Tried when libsndfile does not recognise a file.
    case ffmpeg
}
