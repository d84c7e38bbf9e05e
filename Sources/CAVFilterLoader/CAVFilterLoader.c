// libavfilter, opened on first use; see include/CAVFilterLoader.h.

#include "CAVFilterLoader.h"

#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>

#include <libavfilter/avfilter.h>
#include <libavfilter/buffersink.h>
#include <libavfilter/buffersrc.h>
#include <libavutil/error.h>

#define REEL_STRINGIFY2(x) #x
#define REEL_STRINGIFY(x) REEL_STRINGIFY2(x)
#if defined(__APPLE__)
#define REEL_AVFILTER_SONAME "libavfilter." REEL_STRINGIFY(LIBAVFILTER_VERSION_MAJOR) ".dylib"
#else
#define REEL_AVFILTER_SONAME "libavfilter.so." REEL_STRINGIFY(LIBAVFILTER_VERSION_MAJOR)
#endif

#define REEL_HIDDEN __attribute__((visibility("hidden")))

static pthread_once_t loadOnce = PTHREAD_ONCE_INIT;
static void *library;

static void openLibrary(void) {
    library = dlopen(REEL_AVFILTER_SONAME, RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) {
        const char *reason = dlerror();
        fprintf(stderr, "reel: cannot load %s: %s\n", REEL_AVFILTER_SONAME, reason ? reason : "unknown error");
    }
}

int reel_avfilter_load(void) {
    pthread_once(&loadOnce, openLibrary);
    return library != NULL;
}

static void *resolve(const char *name) {
    if (!reel_avfilter_load()) return NULL;
    void *symbol = dlsym(library, name);
    if (symbol == NULL) fprintf(stderr, "reel: %s has no %s\n", REEL_AVFILTER_SONAME, name);
    return symbol;
}

// Each forwarder looks its function up once; the pointer is written once per thread at worst
// (every thread finds the same address), so a relaxed atomic is enough.
#define FORWARD(ret, name, params, args, failure)                                             \
    REEL_HIDDEN ret name params {                                                            \
        static ret(*real) params;                                                            \
        ret(*fn) params = __atomic_load_n(&real, __ATOMIC_RELAXED);                          \
        if (fn == NULL) {                                                                    \
            fn = (ret(*) params)resolve(#name);                                              \
            if (fn == NULL) return failure;                                                  \
            __atomic_store_n(&real, fn, __ATOMIC_RELAXED);                                   \
        }                                                                                    \
        return fn args;                                                                      \
    }

#define FORWARD_VOID(name, params, args)                                                      \
    REEL_HIDDEN void name params {                                                           \
        static void(*real) params;                                                           \
        void(*fn) params = __atomic_load_n(&real, __ATOMIC_RELAXED);                         \
        if (fn == NULL) {                                                                    \
            fn = (void(*) params)resolve(#name);                                             \
            if (fn == NULL) return;                                                          \
            __atomic_store_n(&real, fn, __ATOMIC_RELAXED);                                   \
        }                                                                                    \
        fn args;                                                                             \
    }

FORWARD(const AVFilter *, avfilter_get_by_name, (const char *name), (name), NULL)
FORWARD(AVFilterGraph *, avfilter_graph_alloc, (void), (), NULL)
FORWARD(int, avfilter_graph_create_filter,
        (AVFilterContext **filt_ctx, const AVFilter *filt, const char *name, const char *args, void *opaque,
         AVFilterGraph *graph_ctx),
        (filt_ctx, filt, name, args, opaque, graph_ctx), AVERROR(ENOSYS))
FORWARD(int, avfilter_graph_parse_ptr,
        (AVFilterGraph *graph, const char *filters, AVFilterInOut **inputs, AVFilterInOut **outputs,
         void *log_ctx),
        (graph, filters, inputs, outputs, log_ctx), AVERROR(ENOSYS))
FORWARD(int, avfilter_graph_config, (AVFilterGraph *graphctx, void *log_ctx), (graphctx, log_ctx), AVERROR(ENOSYS))
FORWARD_VOID(avfilter_graph_free, (AVFilterGraph **graph), (graph))
FORWARD(AVFilterInOut *, avfilter_inout_alloc, (void), (), NULL)
FORWARD_VOID(avfilter_inout_free, (AVFilterInOut **inout), (inout))
FORWARD(int, av_buffersrc_add_frame_flags, (AVFilterContext *buffer_src, AVFrame *frame, int flags),
        (buffer_src, frame, flags), AVERROR(ENOSYS))
FORWARD(int, av_buffersrc_close, (AVFilterContext *ctx, int64_t pts, unsigned flags), (ctx, pts, flags),
        AVERROR(ENOSYS))
FORWARD(int, av_buffersink_get_frame, (AVFilterContext *ctx, AVFrame *frame), (ctx, frame), AVERROR(ENOSYS))
FORWARD(AVRational, av_buffersink_get_time_base, (const AVFilterContext *ctx), (ctx), ((AVRational){0, 1}))
FORWARD_VOID(av_buffersink_set_frame_size, (AVFilterContext *ctx, unsigned frame_size), (ctx, frame_size))
