import HummingbirdCore
import Logging
import NIOCore
import Synchronization

/// Hummingbird's HTTP/1 child channel with Restock's connection limits (``HTTPServerLimits``):
/// a connection beyond `maxConnections` is closed as soon as it is accepted, the request head
/// (request line and headers) is capped, and deadlines bound how long a client may take to send
/// a request (``RequestDeadlineHandler``) or sit idle (Hummingbird's idle timeout).
///
/// Hummingbird's own `availableConnectionsDelegate` stops accepting at the cap instead, which
/// leaves further clients hanging in the kernel's backlog with no answer; closing at once tells
/// them, and a client retrying later gets in as soon as a slot frees.
public struct GuardedHTTP1Channel: ServerChildChannel, HTTPChannelHandler {
    public typealias Value = HTTP1Channel.Value

    let inner: HTTP1Channel
    let limits: HTTPServerLimits
    let connections: ConnectionCount

    public init(responder: @escaping HTTPChannelHandler.Responder, limits: HTTPServerLimits, logger: Logger) {
        var configuration = HTTP1Channel.Configuration(
            additionalChannelHandlers: [
                RequestDeadlineHandler(
                    headTimeout: .seconds(limits.headerTimeoutSeconds),
                    bodyTimeout: .seconds(limits.bodyTimeoutSeconds), logger: logger)
            ],
            idleTimeout: .seconds(limits.idleTimeoutSeconds))
        // A browser sends about twenty header fields; a hundred is room for any real client.
        configuration.httpDecoder = .init(
            maxHeaderFieldSize: limits.maxHeaderBytes, maxHeaderListSize: limits.maxHeaderBytes,
            maxHeaderFieldCount: 100)
        self.inner = HTTP1Channel(responder: responder, configuration: configuration)
        self.limits = limits
        self.connections = ConnectionCount()
    }

    public var responder: HTTPChannelHandler.Responder { inner.responder }

    public func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        guard connections.open(channel, max: limits.maxConnections) else {
            logger.debug("connection refused: restock.http.maxConnections reached")
            // A failed setup only drops the channel; closing it is ours to do.
            channel.close(promise: nil)
            return channel.eventLoop.makeFailedFuture(ChannelError.ioOnClosedChannel)
        }
        return inner.setup(channel: channel, logger: logger).flatMapThrowing { value in
            try channel.pipeline.syncOperations.addHandler(RequestBytesHandler(), position: .first)
            return value
        }
    }

    public func handle(value: Value, logger: Logger) async {
        await inner.handle(value: value, logger: logger)
    }
}

/// The open connections of one server; every connection counts from setup until it closes.
final class ConnectionCount: Sendable {
    let count = Atomic<Int>(0)

    /// Counts `channel` until it closes; false (and not counted) when `max` are already open.
    func open(_ channel: any Channel, max: Int) -> Bool {
        var current = count.load(ordering: .relaxed)
        while current < max {
            let (done, actual) = count.weakCompareExchange(
                expected: current, desired: current + 1, ordering: .relaxed)
            if done {
                channel.closeFuture.whenComplete { _ in self.count.subtract(1, ordering: .relaxed) }
                return true
            }
            current = actual
        }
        return false
    }
}

extension HTTPServerBuilder {
    /// HTTP/1 with Restock's connection limits, for `Application(server:)`.
    public static func guarded(limits: HTTPServerLimits, logger: Logger) -> HTTPServerBuilder {
        .init { responder in GuardedHTTP1Channel(responder: responder, limits: limits, logger: logger) }
    }
}

extension TimeAmount {
    /// Whole milliseconds of a configured number of seconds.
    static func seconds(_ value: Double) -> TimeAmount { .milliseconds(Int64((value * 1000).rounded())) }
}
