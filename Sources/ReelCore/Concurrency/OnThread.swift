import Foundation

/// Runs blocking work (FFmpeg, libcurl, reading a whole source) on a thread of its own, so it never
/// holds a thread of the Swift concurrency pool.
/// - Parameters:
///   - name: The thread's name.
///   - body: The work.
/// - Returns: What the work returned.
package func onThread<T: Sendable>(_ name: String, _ body: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { (done: CheckedContinuation<T, Never>) in
        let thread = Thread { done.resume(returning: body()) }
        thread.name = name
        thread.start()
    }
}
