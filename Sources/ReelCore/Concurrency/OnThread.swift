import Foundation

/// Runs blocking work (FFmpeg, libcurl, reading a whole source) on a thread of its own, so it never
/// holds a thread of the Swift concurrency pool.
/// - Parameters:
///   - name: The thread's name.
///   - body: The work.
/// - Returns: What the work returned.
package func onThread<T: Sendable>(_ name: String, _ body: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { (done: CheckedContinuation<T, Never>) in
        startThread(name) { done.resume(returning: body()) }
    }
}

/// Starts work on a new thread under a name the system shows (`top -H`, `/proc/PID/task/*/comm`),
/// so each thread's CPU can be told apart. Foundation on Linux hands a thread's name to the system
/// only when the thread sets it itself, so the new thread names itself before it starts the work;
/// threads it starts (FFmpeg's decoder, x264) inherit the name.
/// - Parameters:
///   - name: The thread's name; the system takes at most 15 bytes and refuses a longer name, so
///     it is cut to its first 15 bytes (whole characters).
///   - stackSize: The stack's size in bytes; nil for Foundation's default.
///   - body: The work.
package func startThread(_ name: String, stackSize: Int? = nil, _ body: @escaping @Sendable () -> Void) {
    var prefix = ""
    for character in name {
        guard prefix.utf8.count + character.utf8.count <= 15 else { break }
        prefix.append(character)
    }
    let shown = prefix
    let thread = Thread {
        Thread.current.name = shown
        body()
    }
    if let stackSize { thread.stackSize = stackSize }
    thread.start()
}
