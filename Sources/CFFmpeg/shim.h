#pragma once
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
