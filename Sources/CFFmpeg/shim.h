// C shims for FFmpeg macros and variadic functions that Swift cannot import.
// Only the ReelMedia target imports this module.
#ifndef REEL_CFFMPEG_SHIM_H
#define REEL_CFFMPEG_SHIM_H

#include <errno.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <libavcodec/avcodec.h>
#include <libavcodec/bsf.h>
#include <libavfilter/avfilter.h>
#include <libavfilter/buffersink.h>
#include <libavfilter/buffersrc.h>
#include <libavformat/avformat.h>
#include <libavformat/avio.h>
#include <libavutil/audio_fifo.h>
#include <libavutil/channel_layout.h>
#include <libavutil/display.h>
#include <libavutil/imgutils.h>
#include <libavutil/mastering_display_metadata.h>
#include <libavutil/opt.h>
#include <libavutil/pixdesc.h>
#include <libswresample/swresample.h>
#include <libswscale/swscale.h>

static inline int reel_averror(int posix_error) { return AVERROR(posix_error); }
static inline int reel_averror_eof(void) { return AVERROR_EOF; }
static inline int reel_averror_eagain(void) { return AVERROR(EAGAIN); }
static inline int reel_averror_exit(void) { return AVERROR_EXIT; }
static inline int reel_averror_invaliddata(void) { return AVERROR_INVALIDDATA; }
static inline int reel_averror_decoder_not_found(void) { return AVERROR_DECODER_NOT_FOUND; }
static inline int reel_averror_encoder_not_found(void) { return AVERROR_ENCODER_NOT_FOUND; }
static inline int64_t reel_nopts_value(void) { return AV_NOPTS_VALUE; }
static inline AVRational reel_time_base_q(void) { return AV_TIME_BASE_Q; }

/// Returns memory the process freed to the system (glibc keeps freed pages in its arenas).
static inline void reel_malloc_trim(void) {
#if defined(__GLIBC__)
    malloc_trim(0);
#endif
}

/// Writes FFmpeg's text for an error code into `buf`.
static inline void reel_err2str(int code, char *buf, size_t size) {
    if (av_strerror(code, buf, size) < 0) snprintf(buf, size, "error %d", code);
}

/// A line-oriented sink for FFmpeg's log, installed by `reel_set_log_sink`.
typedef void (*reel_log_sink_fn)(int level, const char *line);

static inline reel_log_sink_fn *reel_log_sink_slot(void) {
    static reel_log_sink_fn sink = NULL;
    return &sink;
}

static inline void reel_log_callback(void *avcl, int level, const char *fmt, va_list vl) {
    if (level > av_log_get_level()) return;
    reel_log_sink_fn sink = *reel_log_sink_slot();
    if (!sink) return;
    char line[1024];
    int print_prefix = 1;
    av_log_format_line2(avcl, level, fmt, vl, line, sizeof(line), &print_prefix);
    sink(level, line);
}

/// Routes FFmpeg's log lines to `sink` (or back to stderr when NULL).
static inline void reel_set_log_sink(reel_log_sink_fn sink) {
    *reel_log_sink_slot() = sink;
    av_log_set_callback(sink ? reel_log_callback : av_log_default_callback);
}

#endif
