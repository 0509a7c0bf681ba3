import HTTPTypes
import Hummingbird

/// Admin routes answer only to `Authorization: Bearer <restock.admin.token>`.
struct AdminTokenMiddleware: RouterMiddleware {
    typealias Context = RestockRequestContext
    let token: String

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        guard request.bearerToken.map({ constantTimeEqual($0, token) }) == true else {
            throw HTTPError(.unauthorized, message: "admin token required (Authorization: Bearer …)")
        }
        return try await next(request, context)
    }
}

extension Request {
    /// The token of `Authorization: Bearer <token>`, if that is what the request carries.
    var bearerToken: String? {
        guard let header = headers[.authorization], header.hasPrefix("Bearer ") else { return nil }
        return String(header.dropFirst(7))
    }
}
