import Foundation
import HTTPTypes
import Hummingbird
import RestockCore

/// Behind a reverse proxy (nginx or a load balancer terminating TLS for the public URL) every
/// peer is the proxy: the storefront's per-IP limit would then count the whole shop as one
/// shopper, and the tracking endpoints would see one address for everybody. When the peer is
/// in `restock.http.trustedProxies`, the client is the rightmost `X-Forwarded-For` entry that
/// is not itself a trusted proxy; entries further left were written by the client and are not
/// believed. Without trusted proxies the header is ignored, so nobody can forge an address.
struct ClientAddressMiddleware: RouterMiddleware {
    typealias Context = RestockRequestContext
    let trusted: [IPRange]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        guard !trusted.isEmpty, let peer = context.remoteAddress?.ipAddress, isTrusted(peer),
            let header = request.headers[values: .xForwardedFor].joined(separator: ",").nonEmpty
        else { return try await next(request, context) }
        var context = context
        context.forwardedFor = client(in: header)
        return try await next(request, context)
    }

    /// The rightmost entry not a trusted proxy; the leftmost when all are.
    func client(in header: String) -> String? {
        let hops = header.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
            IPRange($0) != nil
        }
        return hops.last { !isTrusted($0) } ?? hops.first
    }

    func isTrusted(_ address: String) -> Bool { trusted.contains { $0.contains(address) } }
}

extension HTTPField.Name {
    static let xForwardedFor = HTTPField.Name("X-Forwarded-For")!
}

extension String {
    fileprivate var nonEmpty: String? { isEmpty ? nil : self }
}
