import Foundation

/// A blocking FIFO with a fixed capacity between two pipeline threads.
///
/// `push` blocks while the queue is full (backpressure), `pop` blocks while it is empty.
/// `finish()` lets the consumer drain what is left; `cancel()` drops everything and wakes both sides.
final class BoundedQueue<Element>: @unchecked Sendable {
    // All state is guarded by `condition`.
    private let condition = NSCondition()
    /// A ring of `capacity` slots; a slot is emptied as soon as its element is taken, so the
    /// queue never keeps a frame alive after handing it over.
    private var slots: [Element?]
    private var head = 0
    private var count = 0
    private let capacity: Int
    private var finished = false
    private var cancelled = false

    init(capacity: Int) {
        precondition(capacity > 0)
        self.capacity = capacity
        slots = Array(repeating: nil, count: capacity)
    }

    /// Appends an element, waiting for room.
    /// - Returns: false when the queue was cancelled or finished; the element was dropped.
    @discardableResult
    func push(_ element: Element) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while count >= capacity && !cancelled && !finished { condition.wait() }
        guard !cancelled && !finished else { return false }
        slots[(head + count) % capacity] = element
        count += 1
        condition.broadcast()
        return true
    }

    /// Removes the oldest element, waiting for one.
    /// - Returns: nil once the queue is finished and empty, or cancelled.
    func pop() -> Element? {
        condition.lock()
        defer { condition.unlock() }
        while count == 0 && !finished && !cancelled { condition.wait() }
        guard !cancelled, count > 0, let element = slots[head] else { return nil }
        slots[head] = nil
        head = (head + 1) % capacity
        count -= 1
        condition.broadcast()
        return element
    }

    /// No more elements will come; the consumer drains the rest.
    func finish() {
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// Drops every element and wakes every waiter.
    func cancel() {
        condition.lock()
        cancelled = true
        slots = Array(repeating: nil, count: capacity)
        head = 0
        count = 0
        condition.broadcast()
        condition.unlock()
    }
}
