#ifndef REEL_CAVFILTER_LOADER_H
#define REEL_CAVFILTER_LOADER_H

/// libavfilter, loaded when Reel first builds a filter graph.
///
/// Debian's libavfilter links about 30 shared libraries of its own (OCR, speech synthesis,
/// Vulkan, …) that no other part of FFmpeg needs; loading them at start-up costs every run
/// of `reel` about 30 ms, which is most of a short package-only run's overhead. This target
/// defines the libavfilter functions ReelMedia calls (declared by the CFFmpeg module, hidden
/// from other libraries) and forwards each to the real one, opened with `dlopen` on first use.
/// A function ReelMedia starts calling must be added to CAVFilterLoader.c, or the link fails
/// with an undefined symbol.

/// 1 when libavfilter is loaded (loading it if needed), 0 when it cannot be.
int reel_avfilter_load(void);

#endif
