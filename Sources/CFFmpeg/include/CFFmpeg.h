#pragma once
// FFmpeg's types and constants for Swift, and its functions through a table filled when the libraries are first
// needed (dlopen), not at process start: the libraries FFmpeg pulls in (codecs, TLS, SVG, ...) then cost a run that
// never decodes through FFmpeg neither start-up time nor resident memory.
#include <stddef.h>
#include <libavformat/avformat.h>
#include <libavcodec/avcodec.h>
#include <libswresample/swresample.h>
#include <libavutil/avutil.h>
#include <libavutil/channel_layout.h>
#include <libavutil/error.h>
#include <libavutil/opt.h>
#include <libavutil/samplefmt.h>

// Function-like macros Swift cannot import.

/// AVERROR(e): an FFmpeg error code from a positive errno value.
static inline int cffmpeg_error_from_errno(int e) { return AVERROR(e); }
/// AVERROR_EOF: the end of the input.
static inline int cffmpeg_error_eof(void) { return AVERROR_EOF; }
/// AV_NOPTS_VALUE: an unknown timestamp.
static inline int64_t cffmpeg_no_timestamp(void) { return AV_NOPTS_VALUE; }

/// Every FFmpeg function AudioWave calls, with the library that exports it (X(library, name)).
#define CFFMPEG_FUNCTIONS(X)                  \
    X(avutil, av_channel_layout_compare)      \
    X(avutil, av_channel_layout_copy)         \
    X(avutil, av_channel_layout_default)      \
    X(avutil, av_channel_layout_uninit)       \
    X(avutil, av_frame_alloc)                 \
    X(avutil, av_frame_free)                  \
    X(avutil, av_frame_unref)                 \
    X(avutil, av_free)                        \
    X(avutil, av_freep)                       \
    X(avutil, av_log_set_level)               \
    X(avutil, av_malloc)                      \
    X(avutil, av_strdup)                      \
    X(avutil, av_strerror)                    \
    X(avcodec, av_packet_alloc)               \
    X(avcodec, av_packet_free)                \
    X(avcodec, av_packet_unref)               \
    X(avcodec, avcodec_alloc_context3)        \
    X(avcodec, avcodec_flush_buffers)         \
    X(avcodec, avcodec_free_context)          \
    X(avcodec, avcodec_get_name)              \
    X(avcodec, avcodec_open2)                 \
    X(avcodec, avcodec_parameters_to_context) \
    X(avcodec, avcodec_receive_frame)         \
    X(avcodec, avcodec_send_packet)           \
    X(avformat, av_find_best_stream)          \
    X(avformat, av_probe_input_buffer2)       \
    X(avformat, av_read_frame)                \
    X(avformat, avformat_alloc_context)       \
    X(avformat, avformat_close_input)         \
    X(avformat, avformat_find_stream_info)    \
    X(avformat, avformat_open_input)          \
    X(avformat, avformat_seek_file)           \
    X(avformat, avio_alloc_context)           \
    X(avformat, avio_context_free)            \
    X(swresample, swr_alloc_set_opts2)        \
    X(swresample, swr_convert)                \
    X(swresample, swr_free)                   \
    X(swresample, swr_get_out_samples)        \
    X(swresample, swr_init)

#define CFFMPEG_FIELD(library, name) __typeof__(&name) _Nonnull name;

/// The FFmpeg functions, each a pointer into the loaded library (same name, same signature).
typedef struct CFFmpegLibrary {
    CFFMPEG_FUNCTIONS(CFFMPEG_FIELD)
} CFFmpegLibrary;

#undef CFFMPEG_FIELD

/// Loads libavutil, libswresample, libavcodec and libavformat of the major versions these headers describe (once
/// per process; thread-safe) and sets FFmpeg's log level to quiet. Returns the function table, or NULL when a
/// library or a function is missing: then `error` (of `size` bytes) says which.
const CFFmpegLibrary *_Nullable cffmpeg_library(char *_Nonnull error, size_t size);
