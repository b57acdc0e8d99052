// The only code that touches TagLib's C++ API: opening a file, reading and replacing BPM and key in the tag that
// has a standard place for them, saving. Every entry point catches all exceptions: none may unwind into Swift.

#include "CTagLibBridge.h"

#include <fileref.h>
#include <flacfile.h>
#include <id3v2header.h>
#include <id3v2tag.h>
#include <mp4file.h>
#include <mp4item.h>
#include <mp4tag.h>
#include <mpegfile.h>
#include <textidentificationframe.h>
#include <tfile.h>
#include <xiphcomment.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>

namespace {

const char *const mp4KeyItem = "----:com.apple.iTunes:initialkey";

}  // namespace

struct AWTagFile {
    TagLib::FileRef ref;
    AWTagFormat format = AWTagFormatNone;
    TagLib::MPEG::File *mpeg = nullptr;
    TagLib::ID3v2::Tag *id3v2 = nullptr;
    TagLib::Ogg::XiphComment *xiph = nullptr;
    TagLib::MP4::Tag *mp4 = nullptr;
    /// The ID3v2 version to save: the file's own 2.3, else 2.4 (TagLib writes no 2.2).
    TagLib::ID3v2::Version id3v2Version = TagLib::ID3v2::v4;

    explicit AWTagFile(const char *path) : ref(path, false) {}
};

namespace {

/// Whether TagLib knows a file type for the extension of `path` (case-insensitive).
bool hasKnownExtension(const char *path) {
    const char *dot = std::strrchr(path, '.');
    const char *slash = std::strrchr(path, '/');
    if (dot == nullptr || (slash != nullptr && dot < slash)) return false;
    TagLib::String extension = TagLib::String(dot + 1, TagLib::String::UTF8).upper();
    const TagLib::StringList known = TagLib::FileRef::defaultFileExtensions();
    for (const auto &candidate : known) {
        if (candidate.upper() == extension) return true;
    }
    return false;
}

/// Finds where BPM and key go in `file`'s TagLib file, creating the tag in memory when the file has none.
void locateTag(AWTagFile &file) {
    TagLib::File *base = file.ref.file();
    if (auto *mpeg = dynamic_cast<TagLib::MPEG::File *>(base)) {
        const bool existed = mpeg->hasID3v2Tag();
        file.mpeg = mpeg;
        file.id3v2 = mpeg->ID3v2Tag(true);
        if (existed && file.id3v2 != nullptr && file.id3v2->header()->majorVersion() == 3) {
            file.id3v2Version = TagLib::ID3v2::v3;
        }
        file.format = file.id3v2 != nullptr ? AWTagFormatID3v2 : AWTagFormatNone;
    } else if (auto *flac = dynamic_cast<TagLib::FLAC::File *>(base)) {
        file.xiph = flac->xiphComment(true);
        file.format = file.xiph != nullptr ? AWTagFormatXiphComment : AWTagFormatNone;
    } else if (auto *mp4 = dynamic_cast<TagLib::MP4::File *>(base)) {
        file.mp4 = mp4->tag();
        file.format = file.mp4 != nullptr ? AWTagFormatMP4 : AWTagFormatNone;
    } else if (auto *xiph = dynamic_cast<TagLib::Ogg::XiphComment *>(base->tag())) {
        // Ogg Vorbis, Opus, Speex and Ogg FLAC: their tag is a Vorbis comment.
        file.xiph = xiph;
        file.format = AWTagFormatXiphComment;
    }
}

const char *id3v2Frame(AWTagField field) { return field == AWTagFieldBPM ? "TBPM" : "TKEY"; }
const char *xiphField(AWTagField field) { return field == AWTagFieldBPM ? "BPM" : "INITIALKEY"; }

char *copyString(const TagLib::String &value) {
    const std::string utf8 = value.to8Bit(true);
    char *copy = static_cast<char *>(std::malloc(utf8.size() + 1));
    if (copy == nullptr) return nullptr;
    std::memcpy(copy, utf8.c_str(), utf8.size() + 1);
    return copy;
}

/// `text` as an integer 0...65535 (decimal digits only), or -1.
long parseTempo(const char *text) {
    if (*text == '\0') return -1;
    for (const char *cursor = text; *cursor != '\0'; ++cursor) {
        if (*cursor < '0' || *cursor > '9') return -1;
    }
    errno = 0;
    const long value = std::strtol(text, nullptr, 10);
    return errno == 0 && value <= 65535 ? value : -1;
}

}  // namespace

extern "C" {

AWTagFile *aw_tag_open(const char *path, AWTagOpenStatus *status) {
    try {
        auto *file = new AWTagFile(path);
        if (file->ref.isNull()) {
            delete file;
            *status = hasKnownExtension(path) ? AWTagOpenInvalid : AWTagOpenUnknownType;
            return nullptr;
        }
        locateTag(*file);
        *status = AWTagOpenOK;
        return file;
    } catch (...) {
        *status = AWTagOpenInvalid;
        return nullptr;
    }
}

void aw_tag_close(AWTagFile *file) {
    try {
        delete file;
    } catch (...) {
    }
}

AWTagFormat aw_tag_format(const AWTagFile *file) { return file->format; }

int aw_tag_is_read_only(const AWTagFile *file) {
    try {
        return file->ref.file()->readOnly() ? 1 : 0;
    } catch (...) {
        return 1;
    }
}

char *aw_tag_copy_field(const AWTagFile *file, AWTagField field) {
    try {
        switch (file->format) {
        case AWTagFormatID3v2: {
            const TagLib::ID3v2::FrameList &frames = file->id3v2->frameList(id3v2Frame(field));
            return frames.isEmpty() ? nullptr : copyString(frames.front()->toString());
        }
        case AWTagFormatXiphComment: {
            const TagLib::Ogg::FieldListMap &fields = file->xiph->fieldListMap();
            const auto found = fields.find(xiphField(field));
            return found == fields.end() || found->second.isEmpty() ? nullptr : copyString(found->second.front());
        }
        case AWTagFormatMP4: {
            if (field == AWTagFieldBPM) {
                if (!file->mp4->contains("tmpo")) return nullptr;
                return copyString(TagLib::String::number(file->mp4->item("tmpo").toInt()));
            }
            if (!file->mp4->contains(mp4KeyItem)) return nullptr;
            const TagLib::StringList values = file->mp4->item(mp4KeyItem).toStringList();
            return values.isEmpty() ? nullptr : copyString(values.front());
        }
        case AWTagFormatNone:
            return nullptr;
        }
        return nullptr;
    } catch (...) {
        return nullptr;
    }
}

int aw_tag_set_field(AWTagFile *file, AWTagField field, const char *value) {
    try {
        const TagLib::String text(value, TagLib::String::UTF8);
        switch (file->format) {
        case AWTagFormatID3v2: {
            // The values AudioWave writes are ASCII: Latin-1 is valid in ID3v2.3 and 2.4 alike.
            auto *frame = new TagLib::ID3v2::TextIdentificationFrame(id3v2Frame(field), TagLib::String::Latin1);
            frame->setText(text);
            file->id3v2->removeFrames(id3v2Frame(field));
            file->id3v2->addFrame(frame);
            return 1;
        }
        case AWTagFormatXiphComment:
            file->xiph->addField(xiphField(field), text, true);
            return 1;
        case AWTagFormatMP4:
            if (field == AWTagFieldBPM) {
                const long tempo = parseTempo(value);
                if (tempo < 0) return 0;
                file->mp4->setItem("tmpo", TagLib::MP4::Item(static_cast<int>(tempo)));
            } else {
                file->mp4->setItem(mp4KeyItem, TagLib::MP4::Item(TagLib::StringList(text)));
            }
            return 1;
        case AWTagFormatNone:
            return 0;
        }
        return 0;
    } catch (...) {
        return 0;
    }
}

int aw_tag_save(AWTagFile *file) {
    try {
        if (file->mpeg != nullptr) {
            return file->mpeg->save(
                       TagLib::MPEG::File::ID3v2, TagLib::File::StripNone, file->id3v2Version,
                       TagLib::File::DoNotDuplicate)
                ? 1
                : 0;
        }
        return file->ref.file()->save() ? 1 : 0;
    } catch (...) {
        return 0;
    }
}

}  // extern "C"
