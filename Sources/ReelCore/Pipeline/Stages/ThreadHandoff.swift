/// Where the chain crosses to another thread: `process` puts items in a bounded queue (waiting
/// while it is full), and `run` on the other thread takes them out and drives the next steps.
///
/// The queue's capacity bounds the memory between two threads; a stopped run cancels the queue,
/// so both sides wake up and the next steps are not flushed.
final class ThreadHandoff<Item>: MediaHandler, @unchecked Sendable {
    let queue: BoundedQueue<Item>
    private let next: any MediaHandler<Item>

    /// - Parameters:
    ///   - capacity: Items the queue holds before `process` waits.
    ///   - next: The step that runs on the other thread.
    init(capacity: Int, next: any MediaHandler<Item>) {
        queue = BoundedQueue(capacity: capacity)
        self.next = next
    }

    func process(_ item: Item) throws {
        queue.push(item)
    }

    func flush() throws {
        queue.finish()
    }

    /// Drives the next steps until the queue ends, then flushes them unless the run stopped.
    /// Runs on the thread of the next steps.
    func run(control: PipelineControl) throws {
        while let item = queue.pop() {
            try next.process(item)
        }
        if control.isStopped { return }
        try next.flush()
    }
}
