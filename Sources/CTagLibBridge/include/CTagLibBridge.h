#ifndef AUDIOWAVE_CTAGLIBBRIDGE_H
#define AUDIOWAVE_CTAGLIBBRIDGE_H

// Plain C functions over TagLib's C++ API for the two fields AudioWave writes, BPM and key, in the three tag
// formats that have a standard place for them. Swift calls these (AudioWave/tags/TagFile.swift); every C++
// exception stays inside the bridge.

#ifdef __cplusplus
extern "C" {
#endif

/// Where a file keeps BPM and key.
typedef enum {
    /// TagLib reads the file, but its format has no standard BPM and key tag that AudioWave writes (WAV, AIFF, ...).
    AWTagFormatNone = 0,
    /// ID3v2 frames TBPM and TKEY (MP3).
    AWTagFormatID3v2 = 1,
    /// Vorbis comments BPM and INITIALKEY (FLAC, Ogg Vorbis, Opus, Speex, Ogg FLAC).
    AWTagFormatXiphComment = 2,
    /// MP4 atoms `tmpo` (an integer) and `----:com.apple.iTunes:initialkey` (M4A, MP4).
    AWTagFormatMP4 = 3,
} AWTagFormat;

/// A field AudioWave writes.
typedef enum {
    AWTagFieldBPM = 0,
    AWTagFieldKey = 1,
} AWTagField;

/// How opening went.
typedef enum {
    AWTagOpenOK = 0,
    /// No TagLib file type for the file's name or content.
    AWTagOpenUnknownType = 1,
    /// A type TagLib knows by the file's extension, but it could not parse the file (or could not open it).
    AWTagOpenInvalid = 2,
} AWTagOpenStatus;

/// An open file: TagLib's tags in memory, the file on disk until aw_tag_close.
typedef struct AWTagFile AWTagFile;

/// Opens `path` (bytes as the file system has them) and reads its tags (not its audio properties).
/// Returns NULL and sets `*status` when it cannot; the result is closed with aw_tag_close.
AWTagFile *_Nullable aw_tag_open(const char *_Nonnull path, AWTagOpenStatus *_Nonnull status);

/// Closes the file without saving.
void aw_tag_close(AWTagFile *_Nullable file);

/// The format of the tag BPM and key go in.
AWTagFormat aw_tag_format(const AWTagFile *_Nonnull file);

/// 1 when TagLib could open the file only for reading (aw_tag_save would fail), else 0.
int aw_tag_is_read_only(const AWTagFile *_Nonnull file);

/// A malloc'ed UTF-8 copy of the field's first value (free it with free()), or NULL when the tag has none.
/// MP4's `tmpo` is an integer, written out in decimal.
char *_Nullable aw_tag_copy_field(const AWTagFile *_Nonnull file, AWTagField field);

/// Replaces the field's value in memory (every earlier value of it goes). MP4's `tmpo` takes only a decimal
/// integer 0...65535. Returns 1 on success, 0 when the value cannot be stored or the format has no such tag.
int aw_tag_set_field(AWTagFile *_Nonnull file, AWTagField field, const char *_Nonnull value);

/// Writes the tags to the file: only the tag's bytes change (an MP3's ID3v2 keeps its version 2.3 or 2.4 and no
/// ID3v1 or APE tag is added or removed). Returns 1 on success, 0 on failure.
int aw_tag_save(AWTagFile *_Nonnull file);

#ifdef __cplusplus
}
#endif

#endif
