import Hummingbird
import NIOCore

/// The request context of every Restock route: Hummingbird's basics plus the peer address, which
/// the storefront rate limit and the consent record need.
public struct RestockRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress
    }

    /// The peer's IP as text, or `local` when the request did not come over a socket (router
    /// tests).
    public var clientIP: String { remoteAddress?.ipAddress ?? "local" }
}
