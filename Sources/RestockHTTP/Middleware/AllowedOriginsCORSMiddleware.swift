import HTTPTypes
import Hummingbird
import NIOCore

/// CORS for the storefront's browser calls (`restock.watches.allowedOrigins`), answered by
/// Hummingbird's ``CORSMiddleware`` for an allowed origin and not at all for any other.
///
/// One Hummingbird middleware per configured origin, each answering with that origin: its
/// `.oneOf` takes its origins as a variadic list, which a configured array cannot be passed to,
/// and `.originBased` would echo any origin. A request from an origin not on the list (or with
/// none) goes on untouched, so a refused preflight still reaches the route's 403 and a refused
/// POST its 401, without CORS headers a browser would honour.
struct AllowedOriginsCORSMiddleware<Context: RequestContext>: RouterMiddleware {
    let perOrigin: [String: CORSMiddleware<Context>]

    init(origins: [String], allowMethods: [HTTPRequest.Method], allowHeaders: [HTTPField.Name], maxAge: TimeAmount) {
        self.perOrigin = Dictionary(
            origins.map { origin in
                (
                    origin,
                    CORSMiddleware(
                        allowOrigin: .custom(origin), allowHeaders: allowHeaders, allowMethods: allowMethods,
                        maxAge: maxAge)
                )
            },
            uniquingKeysWith: { first, _ in first })
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        guard let origin = request.headers[.origin], let cors = perOrigin[origin] else {
            return try await next(request, context)
        }
        return try await cors.handle(request, context: context, next: next)
    }
}
