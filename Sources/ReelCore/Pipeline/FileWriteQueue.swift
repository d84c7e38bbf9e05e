import Foundation
import ReelOutput

/// Writes files into the output on a thread of its own, in the order they come, so the thread that
/// makes them goes on meanwhile: a package-only run reads, cuts and muxes on one thread, and would
/// otherwise stop at every segment while the output copies it and flushes it to disk.
///
/// It holds at most `byteLimit` bytes of files not yet written (always at least one file), so
/// memory stays flat whatever the duration; `write` waits for room. Each file's `then` runs on
/// the writing thread once the file is in the output: listeners hear of a file only after it was
/// written. The first failure stops the run (`PipelineControl`), and `write` and `finish()` throw it.
final class FileWriteQueue: @unchecked Sendable {
    // @unchecked Sendable: `output`, `control`, `source` and `byteLimit` are immutable; everything
    // else is guarded by `condition`.

    /// A file to write (none: only `then` runs, in its turn), then what to do once it is written.
    private struct File {
        let data: Data
        let path: String?
        let contentType: ContentType
        let then: @Sendable () -> Void
    }

    private let output: any MultiFileOutput
    private let control: PipelineControl
    private let source: String
    private let byteLimit: Int
    private let condition = NSCondition()
    /// Files waiting or being written, oldest first; the first is the one being written (a few
    /// at most: `byteLimit` bounds them).
    private var files: [File] = []
    private var queuedBytes = 0
    private var finished = false
    private var cancelled = false
    private var running = true
    private var failure: (any Error)?

    /// Starts the writing thread.
    /// - Parameters:
    ///   - output: Where the files go.
    ///   - control: The run's state: a failure to write stops the run; a stopped run drops what
    ///     is not written yet.
    ///   - source: The source's name, for errors.
    ///   - byteLimit: Bytes of files held before `write` waits.
    init(output: any MultiFileOutput, control: PipelineControl, source: String, byteLimit: Int = 6 << 20) {
        self.output = output
        self.control = control
        self.source = source
        self.byteLimit = byteLimit
        let thread = Thread { [self] in drain() }
        thread.name = "reel.writer"
        thread.stackSize = 1 << 20
        thread.start()
        control.onStop { [weak self] in self?.cancel() }
    }

    /// Queues a file, waiting while the queue holds `byteLimit` bytes.
    /// - Parameters:
    ///   - data: The file's bytes.
    ///   - path: Its path in the package.
    ///   - contentType: Its content type.
    ///   - then: Runs on the writing thread once the file is written.
    /// - Throws: An earlier file's failure, or the run's failure once it stopped.
    func write(
        _ data: Data, to path: String, contentType: ContentType, then: @escaping @Sendable () -> Void = {}
    ) throws {
        try enqueue(File(data: data, path: path, contentType: contentType, then: then))
    }

    /// Queues an action that runs on the writing thread after the files queued before it are written.
    /// - Throws: As `write`.
    func then(_ action: @escaping @Sendable () -> Void) throws {
        try enqueue(File(data: Data(), path: nil, contentType: .octetStream, then: action))
    }

    private func enqueue(_ file: File) throws {
        let data = file.data
        condition.lock()
        defer { condition.unlock() }
        while !files.isEmpty && queuedBytes + data.count > byteLimit && failure == nil && !cancelled {
            condition.wait()
        }
        if let failure { throw failure }
        if cancelled { throw control.failure ?? ReelError.cancelled }
        precondition(!finished, "write after finish")
        files.append(file)
        queuedBytes += data.count
        condition.broadcast()
    }

    /// Waits until every queued file is written and the thread has ended.
    /// - Throws: The first failure to write.
    func finish() throws {
        condition.lock()
        defer { condition.unlock() }
        finished = true
        condition.broadcast()
        while running { condition.wait() }
        if let failure { throw failure }
    }

    /// Drops the files not written yet and waits for the thread to end (the file being written,
    /// if any, is completed first). Safe to call at any time, more than once.
    func stop() {
        cancel()
        condition.lock()
        while running { condition.wait() }
        condition.unlock()
    }

    private func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }

    private func drain() {
        while let file = next() {
            do {
                if let path = file.path { try output.write(file.data, to: path, contentType: file.contentType) }
                file.then()
                done(file, failure: nil)
            } catch {
                done(file, failure: error)
                control.fail(ReelError.classify(error, source: source))
            }
        }
    }

    /// The next file to write, or nil (and the thread ends) once finished and empty, cancelled,
    /// or failed.
    private func next() -> File? {
        condition.lock()
        defer { condition.unlock() }
        while files.isEmpty && !finished && !cancelled && failure == nil { condition.wait() }
        guard let file = files.first, !cancelled, failure == nil else {
            running = false
            files = []
            queuedBytes = 0
            condition.broadcast()
            return nil
        }
        return file
    }

    private func done(_ file: File, failure: (any Error)?) {
        condition.lock()
        defer { condition.unlock() }
        if let failure, self.failure == nil { self.failure = failure }
        files.removeFirst()
        queuedBytes -= file.data.count
        condition.broadcast()
    }
}
