import Hummingbird
import NIOCore
import RestockCore

/// The request context of every Restock route: Hummingbird's basics plus the peer address, which
/// the storefront rate limit and the consent record need.
public struct RestockRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?
    /// The client a trusted reverse proxy named in `X-Forwarded-For` (``ClientAddressMiddleware``).
    public var forwardedFor: String?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress
    }

    /// The client's IP as text: the one a trusted proxy forwarded for, else the peer's, or
    /// `local` when the request did not come over a socket (router tests).
    public var clientIP: String { forwardedFor ?? remoteAddress?.ipAddress ?? "local" }

    /// What per-client limits count: ``clientIP`` with IPv6 collapsed to its /64.
    public var clientKey: ClientKey { ClientKey(address: clientIP) }
}
