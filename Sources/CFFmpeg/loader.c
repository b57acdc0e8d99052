// The one place that loads FFmpeg: dlopen of the shared libraries whose major versions the headers were
// compiled against, dlsym of each function in CFFMPEG_FUNCTIONS, once per process.
#include "CFFmpeg.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#define CFFMPEG_SONAME(library, major) "lib" #library ".so." AV_STRINGIFY(major)

static CFFmpegLibrary table;
static const CFFmpegLibrary *loaded;
static char failure[512];
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void *open_library(const char *soname) {
    void *handle = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
    if (handle == NULL) {
        const char *reason = dlerror();
        snprintf(failure, sizeof failure, "%s", reason != NULL ? reason : soname);
    }
    return handle;
}

static void load(void) {
    // Dependencies first, so that each library finds the others already loaded.
    void *avutil = open_library(CFFMPEG_SONAME(avutil, LIBAVUTIL_VERSION_MAJOR));
    if (avutil == NULL) return;
    void *swresample = open_library(CFFMPEG_SONAME(swresample, LIBSWRESAMPLE_VERSION_MAJOR));
    if (swresample == NULL) return;
    void *avcodec = open_library(CFFMPEG_SONAME(avcodec, LIBAVCODEC_VERSION_MAJOR));
    if (avcodec == NULL) return;
    void *avformat = open_library(CFFMPEG_SONAME(avformat, LIBAVFORMAT_VERSION_MAJOR));
    if (avformat == NULL) return;
#define CFFMPEG_RESOLVE(library, name)                                                 \
    {                                                                                  \
        void *symbol = dlsym(library, #name);                                          \
        if (symbol == NULL) {                                                          \
            snprintf(failure, sizeof failure, "lib%s has no function %s", #library, #name); \
            return;                                                                    \
        }                                                                              \
        memcpy(&table.name, &symbol, sizeof symbol);                                   \
    }
    CFFMPEG_FUNCTIONS(CFFMPEG_RESOLVE)
#undef CFFMPEG_RESOLVE
    table.av_log_set_level(AV_LOG_QUIET);
    loaded = &table;
}

const CFFmpegLibrary *cffmpeg_library(char *error, size_t size) {
    pthread_once(&once, load);
    if (loaded == NULL && size > 0) snprintf(error, size, "%s", failure);
    return loaded;
}
