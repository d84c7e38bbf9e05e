import Dispatch
import Foundation

/// Turns SIGINT and SIGTERM into a cancellation, so an interrupted run cleans up its output.
final class SignalCancellation {
    private let sources: [any DispatchSourceSignal]

    /// - Parameter cancel: Called once on the first signal.
    init(cancel: @escaping @Sendable () -> Void) {
        sources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler(handler: cancel)
            source.resume()
            return source
        }
    }

    /// Restores the default signal handling.
    func stop() {
        for source in sources { source.cancel() }
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}
