import HTTPTypes
import Hummingbird

/// Admin routes answer only to `Authorization: Bearer <restock.admin.token>`.
struct AdminTokenMiddleware: RouterMiddleware {
    typealias Context = RestockRequestContext
    let token: String

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer "),
            constantTimeEqual(String(header.dropFirst(7)), token)
        else {
            throw HTTPError(.unauthorized, message: "admin token required (Authorization: Bearer …)")
        }
        return try await next(request, context)
    }
}
