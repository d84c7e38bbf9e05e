import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTPTypes

/// How long a connection may take over each part of a request, so that half-open connections
/// and slow senders (slowloris) are closed instead of held:
/// - a new connection, or one whose next request has started to arrive, has `header` to send a
///   complete request head (a started head that runs out of time gets 408 before the close);
/// - a request body has `body` from the end of its head to arrive in full;
/// - a kept-alive connection with no request may stay idle for `idle`.
/// A request being answered (an event stream included) has no limit.
struct ConnectionTimeouts: Sendable, Equatable {
    var header: Duration
    var body: Duration
    var idle: Duration

    /// Creates the timeouts.
    init(header: Duration, body: Duration, idle: Duration) {
        self.header = header
        self.body = body
        self.idle = idle
    }
}

extension HTTPServerBuilder {
    /// An HTTP/1.1 server that closes connections outside `timeouts`.
    /// - Parameter timeouts: The header, body and idle timeouts.
    static func http1(timeouts: ConnectionTimeouts) -> HTTPServerBuilder {
        .init { responder in
            TimedHTTP1Channel(
                http1: HTTP1Channel(
                    responder: responder,
                    configuration: .init(additionalChannelHandlers: [RequestTimeoutHandler(timeouts)])))
        }
    }
}

/// Hummingbird's HTTP/1 channel with `InboundBytesNotifier` in front of the HTTP decoder.
private struct TimedHTTP1Channel: ServerChildChannel {
    let http1: HTTP1Channel

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<HTTP1Channel.Value> {
        do {
            try channel.pipeline.syncOperations.addHandler(InboundBytesNotifier(), position: .first)
        } catch {
            return channel.eventLoop.makeFailedFuture(error)
        }
        return http1.setup(channel: channel, logger: logger)
    }

    func handle(value: HTTP1Channel.Value, logger: Logger) async {
        await http1.handle(value: value, logger: logger)
    }
}

/// The event `InboundBytesNotifier` sends down the pipeline when bytes arrive.
private struct InboundBytes {}

/// Tells `RequestTimeoutHandler` that bytes arrived, before the HTTP decoder has a part to show
/// for them (a request head that trickles in byte by byte produces no part until it is complete).
private final class InboundBytesNotifier: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        context.fireUserInboundEventTriggered(InboundBytes())
        context.fireChannelRead(data)
    }
}

/// Enforces `ConnectionTimeouts` on one connection, from the HTTP parts read and written.
private final class RequestTimeoutHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private enum State {
        /// No request: waiting for the first byte of one.
        case idle
        /// Bytes of a request head have arrived, the head is not complete.
        case readingHead
        /// The head has arrived, the body is not complete.
        case readingBody
        /// The request has arrived; its response is being written.
        case responding
    }

    private let timeouts: ConnectionTimeouts
    private var state = State.idle
    private var unanswered = 0
    private var timer: Scheduled<Void>?

    init(_ timeouts: ConnectionTimeouts) {
        self.timeouts = timeouts
    }

    func handlerAdded(context: ChannelHandlerContext) {
        // A new connection gets the header timeout for its first request, bytes or not.
        if context.channel.isActive { arm(timeouts.header, context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        arm(timeouts.header, context: context)
        context.fireChannelActive()
    }

    func handlerRemoved(context: ChannelHandlerContext) { disarm() }

    func channelInactive(context: ChannelHandlerContext) {
        disarm()
        context.fireChannelInactive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard event is InboundBytes else {
            context.fireUserInboundEventTriggered(event)
            return
        }
        if state == .idle {
            state = .readingHead
            arm(timeouts.header, context: context)
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            unanswered += 1
            state = .readingBody
            arm(timeouts.body, context: context)
        case .body:
            break
        case .end:
            state = .responding
            disarm()
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) {
            unanswered -= 1
            if unanswered <= 0 && state == .responding {
                unanswered = 0
                state = .idle
                arm(timeouts.idle, context: context)
            }
        }
        context.write(data, promise: promise)
    }

    private func arm(_ timeout: Duration, context: ChannelHandlerContext) {
        disarm()
        let nanoseconds = timeout.components.seconds * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000
        timer = context.eventLoop.assumeIsolated().scheduleTask(in: .nanoseconds(nanoseconds)) {
            self.expired(context: context)
        }
    }

    private func disarm() {
        timer?.cancel()
        timer = nil
    }

    private func expired(context: ChannelHandlerContext) {
        timer = nil
        switch state {
        case .readingHead:
            // A started request that never finished its head is told why before the close.
            let head = HTTPResponse(status: .requestTimeout, headerFields: [.connection: "close", .contentLength: "0"])
            context.write(wrapOutboundOut(.head(head)), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            context.close(promise: nil)
        case .idle, .readingBody:
            context.close(promise: nil)
        case .responding:
            break
        }
    }
}
