import Foundation
import ReelOutput

/// Writes files into the output on threads of their own, so the thread that makes them goes on
/// meanwhile: a package-only run would otherwise stop at every segment while the output writes it
/// and flushes it to disk.
///
/// Files are taken in the order they come by `writers` threads, so one file's flush (a few
/// milliseconds of waiting for the disk each) overlaps the next file's; each file's `then` runs
/// once it is written and every file queued before it has had its `then`, so listeners hear of the
/// files in the order they were queued. At most `byteLimit` bytes of files not yet heard of are
/// held (always at least one file), so memory stays flat whatever the duration; `write` waits for
/// room. The first failure stops the run (`PipelineControl`), and `write` and `finish()` throw it.
final class FileWriteQueue: @unchecked Sendable {
    // @unchecked Sendable: `output`, `control`, `source` and `byteLimit` are immutable; everything
    // else is guarded by `condition`.

    /// A file to write (none: only `then` runs, in its turn), then what to do once it is written.
    private struct File {
        var data: Data
        let path: String?
        let contentType: ContentType
        let then: @Sendable () -> Void
        var state = State.waiting
        /// Bytes it counts for while it is held.
        let size: Int
        /// Its place in the order files came in.
        var number = 0
    }

    private enum State {
        case waiting, writing, written
    }

    private let output: any MultiFileOutput
    private let control: PipelineControl
    private let source: String
    private let byteLimit: Int
    private let condition = NSCondition()
    /// Files not yet heard of, in the order they came: waiting, being written, or written and
    /// waiting for the ones before them (a few at most: `byteLimit` bounds them).
    private var files: [File] = []
    private var heldBytes = 0
    private var queued = 0
    /// Whether a thread is running the `then` of written files.
    private var announcing = false
    private var finished = false
    private var cancelled = false
    private var running: Int
    private var failure: (any Error)?

    /// Starts the writing threads.
    /// - Parameters:
    ///   - output: Where the files go; it must take writes from several threads at once.
    ///   - control: The run's state: a failure to write stops the run; a stopped run drops what
    ///     is not written yet.
    ///   - source: The source's name, for errors.
    ///   - byteLimit: Bytes of files held before `write` waits.
    ///   - writers: Threads writing at once.
    init(
        output: any MultiFileOutput, control: PipelineControl, source: String, byteLimit: Int = 6 << 20,
        writers: Int = 2
    ) {
        precondition(writers > 0)
        self.output = output
        self.control = control
        self.source = source
        self.byteLimit = byteLimit
        running = writers
        for number in 1...writers {
            startThread("reel.writer.\(number)", stackSize: 1 << 20) { [self] in drain() }
        }
        control.onStop { [weak self] in self?.cancel() }
    }

    /// Queues a file, waiting while the queue holds `byteLimit` bytes.
    /// - Parameters:
    ///   - data: The file's bytes.
    ///   - path: Its path in the package.
    ///   - contentType: Its content type.
    ///   - then: Runs on a writing thread once the file and the ones queued before it are written.
    /// - Throws: An earlier file's failure, or the run's failure once it stopped.
    func write(
        _ data: Data, to path: String, contentType: ContentType, then: @escaping @Sendable () -> Void = {}
    ) throws {
        try enqueue(File(data: data, path: path, contentType: contentType, then: then, size: data.count))
    }

    /// Queues an action that runs on a writing thread after the files queued before it are
    /// written (and their `then` ran).
    /// - Throws: As `write`.
    func then(_ action: @escaping @Sendable () -> Void) throws {
        try enqueue(File(data: Data(), path: nil, contentType: .octetStream, then: action, size: 0))
    }

    private func enqueue(_ file: File) throws {
        condition.lock()
        defer { condition.unlock() }
        while !files.isEmpty && heldBytes + file.size > byteLimit && failure == nil && !cancelled {
            condition.wait()
        }
        if let failure { throw failure }
        if cancelled { throw control.failure ?? ReelError.cancelled }
        precondition(!finished, "write after finish")
        var file = file
        queued += 1
        file.number = queued
        files.append(file)
        heldBytes += file.size
        condition.broadcast()
    }

    /// Waits until every queued file is written and heard of, and the threads have ended.
    /// - Throws: The first failure to write.
    func finish() throws {
        condition.lock()
        defer { condition.unlock() }
        finished = true
        condition.broadcast()
        while running > 0 { condition.wait() }
        if let failure { throw failure }
    }

    /// Drops the files not written yet and waits for the threads to end (files being written are
    /// completed first). Safe to call at any time, more than once.
    func stop() {
        cancel()
        condition.lock()
        while running > 0 { condition.wait() }
        condition.unlock()
    }

    private func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }

    /// One writing thread: takes the oldest waiting file, writes it, and announces what is ready.
    private func drain() {
        condition.lock()
        while true {
            let next = files.firstIndex { $0.state == .waiting }
            if cancelled || failure != nil || (next == nil && finished && files.isEmpty) { break }
            guard let index = next else {
                condition.wait()
                continue
            }
            files[index].state = .writing
            let file = files[index]
            condition.unlock()
            var error: (any Error)?
            if let path = file.path {
                do {
                    try output.write(file.data, to: path, contentType: file.contentType)
                } catch let thrown {
                    error = thrown
                }
            }
            condition.lock()
            if let error {
                if failure == nil { failure = error }
                condition.broadcast()
                condition.unlock()
                control.fail(ReelError.classify(error, source: source))
                condition.lock()
                break
            }
            // Its position may have moved: files before it were announced meanwhile.
            if let done = files.firstIndex(where: { $0.number == file.number }) {
                files[done].state = .written
                files[done].data = Data()
            }
            announceWritten()
        }
        running -= 1
        if running == 0 {
            files = []
            heldBytes = 0
        }
        condition.broadcast()
        condition.unlock()
    }

    /// Runs the `then` of the written files at the head of the queue, in order, unless another
    /// thread is at it (lock held on entry and on return).
    private func announceWritten() {
        guard !announcing else { return }
        announcing = true
        while let first = files.first, first.state == .written, failure == nil, !cancelled {
            files.removeFirst()
            heldBytes -= first.size
            condition.broadcast()
            condition.unlock()
            first.then()
            condition.lock()
        }
        announcing = false
        condition.broadcast()
    }
}
