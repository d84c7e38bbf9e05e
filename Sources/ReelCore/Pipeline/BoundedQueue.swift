import Foundation

/// A blocking FIFO with a fixed capacity between two pipeline threads.
///
/// `push` blocks while the queue is full (backpressure), `pop` blocks while it is empty.
/// `finish()` lets the consumer drain what is left; `cancel()` drops everything and wakes both sides.
final class BoundedQueue<Element>: @unchecked Sendable {
    // All state is guarded by `condition`.
    private let condition = NSCondition()
    private var items: [Element] = []
    private var head = 0
    private let capacity: Int
    private var finished = false
    private var cancelled = false

    init(capacity: Int) {
        precondition(capacity > 0)
        self.capacity = capacity
    }

    /// Appends an element, waiting for room.
    /// - Returns: false when the queue was cancelled or finished; the element was dropped.
    @discardableResult
    func push(_ element: Element) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while items.count - head >= capacity && !cancelled && !finished { condition.wait() }
        guard !cancelled && !finished else { return false }
        items.append(element)
        condition.broadcast()
        return true
    }

    /// Removes the oldest element, waiting for one.
    /// - Returns: nil once the queue is finished and empty, or cancelled.
    func pop() -> Element? {
        condition.lock()
        defer { condition.unlock() }
        while head == items.count && !finished && !cancelled { condition.wait() }
        guard !cancelled, head < items.count else { return nil }
        let element = items[head]
        head += 1
        if head > 64 && head * 2 > items.count {
            items.removeFirst(head)
            head = 0
        }
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
        items.removeAll()
        head = 0
        condition.broadcast()
        condition.unlock()
    }
}
