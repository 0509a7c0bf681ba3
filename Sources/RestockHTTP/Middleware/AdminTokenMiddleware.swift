import Foundation
import HTTPTypes
import Hummingbird

/// Admin routes answer only to `Authorization: Bearer <restock.admin.token>`. A page meant for
/// a browser (`/report`) also takes HTTP basic auth with the token as the password (any user
/// name), and asks for it, since a browser cannot send a bearer token by itself.
struct AdminTokenMiddleware: RouterMiddleware {
    typealias Context = RestockRequestContext
    let token: String
    /// The `WWW-Authenticate` realm of a route that takes basic auth; `nil` for bearer only.
    var basicRealm: String? = nil

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let presented = request.bearerToken ?? (basicRealm != nil ? request.basicPassword : nil)
        guard presented.map({ constantTimeEqual($0, token) }) == true else {
            guard let basicRealm else {
                throw HTTPError(.unauthorized, message: "admin token required (Authorization: Bearer …)")
            }
            throw HTTPError(
                .unauthorized, headers: [.wwwAuthenticate: #"Basic realm="\#(basicRealm)", charset="UTF-8""#],
                message: "the admin token is the password")
        }
        return try await next(request, context)
    }
}

extension Request {
    /// Longer than any credential Restock issues (the admin token is at most a few hundred
    /// bytes); a longer header is not decoded at all.
    static let maxAuthorizationBytes = 1024

    /// The password of `Authorization: Basic …`, if that is what the request carries.
    var basicPassword: String? {
        guard let header = headers[.authorization], header.utf8.count <= Self.maxAuthorizationBytes,
            header.hasPrefix("Basic "),
            let decoded = Data(base64Encoded: String(header.dropFirst(6))),
            let text = String(data: decoded, encoding: .utf8), let colon = text.firstIndex(of: ":")
        else { return nil }
        return String(text[text.index(after: colon)...])
    }

    /// The token of `Authorization: Bearer <token>`, if that is what the request carries.
    var bearerToken: String? {
        guard let header = headers[.authorization], header.utf8.count <= Self.maxAuthorizationBytes,
            header.hasPrefix("Bearer ")
        else { return nil }
        return String(header.dropFirst(7))
    }
}
