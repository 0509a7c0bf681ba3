import Logging
import NIOCore
import NIOHTTPTypes

/// Closes a connection whose client takes longer than allowed to send a request's head or its
/// body (slowloris): each byte a trickling client sends would otherwise reset an idle timer, and
/// the connection would hold its slot for as long as the client likes. The rules are
/// ``RequestDeadlines``; this handler only runs the timer and closes.
///
/// It sits after the HTTP decoder, where request parts are seen; the first bytes of a request
/// reach it as a ``RequestBytesArrived`` event from ``RequestBytesHandler`` at the front of the
/// pipeline, since a head that has not finished arriving produces no part.
final class RequestDeadlineHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart

    let headTimeout: TimeAmount
    let bodyTimeout: TimeAmount
    let logger: Logger
    var deadlines = RequestDeadlines()
    var timer: Scheduled<Void>?

    init(headTimeout: TimeAmount, bodyTimeout: TimeAmount, logger: Logger) {
        self.headTimeout = headTimeout
        self.bodyTimeout = bodyTimeout
        self.logger = logger
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head: perform(deadlines.headReceived(), context: context)
        case .body: break
        case .end: perform(deadlines.endReceived(), context: context)
        }
        context.fireChannelRead(data)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is RequestBytesArrived {
            perform(deadlines.bytesArrived(), context: context)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        context.fireChannelInactive()
    }

    func perform(_ action: RequestDeadlines.Action, context: ChannelHandlerContext) {
        switch action {
        case .none: return
        case .cancel:
            timer?.cancel()
            timer = nil
        case .start(let deadline):
            timer?.cancel()
            let logger = logger
            timer = context.eventLoop.assumeIsolated().scheduleTask(
                in: deadline == .head ? headTimeout : bodyTimeout
            ) {
                logger.debug(
                    "closing a connection too slow to send its request",
                    metadata: ["restock.http.deadline": "\(deadline == .head ? "headers" : "body")"])
                context.close(promise: nil)
            }
        }
    }
}

/// Tells ``RequestDeadlineHandler`` that bytes arrived, before the decoder sees them.
struct RequestBytesArrived: Sendable {}

/// The first handler of a connection: passes every read on, preceded by ``RequestBytesArrived``.
final class RequestBytesHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        context.fireUserInboundEventTriggered(RequestBytesArrived())
        context.fireChannelRead(data)
    }
}
