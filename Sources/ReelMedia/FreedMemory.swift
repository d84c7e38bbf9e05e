import CFFmpeg

/// Memory the process has freed that the C allocator still holds.
///
/// glibc keeps what FFmpeg and the encoders free in its per-thread arenas for the next
/// allocation, so after a phase with many large encoders (per-title trial encodes, a finished
/// job in a worker) the process's resident size stays at that phase's peak. Returning it lets
/// the next phase start from what it needs:
///
/// ```swift
/// let trials = try analyzer.run()
/// FreedMemory.returnToSystem()
/// ```
public enum FreedMemory {
    /// Hands the allocator's free pages back to the system (`malloc_trim(0)`; nothing where the
    /// C library is not glibc). Costs a walk of the heap, a few milliseconds, so call it between
    /// phases, not per frame.
    public static func returnToSystem() {
        reel_malloc_trim()
    }
}
