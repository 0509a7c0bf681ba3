import HTTPTypes
import Hummingbird
import Logging
import RestockCore

/// Turns "the store cannot be reached" into `503 Service Unavailable` with `Retry-After`, rather
/// than the `500` any other error gets. While PostgreSQL restarts, nothing about a delivery is
/// wrong: every platform retries a 5xx, and a webhook is acknowledged only once it is stored, so
/// the answer tells the sender to come back, and nothing is lost.
struct StoreUnavailableMiddleware: RouterMiddleware {
    typealias Context = RestockRequestContext
    /// Seconds the answer asks the client to wait; the tracking routes, which answer their own
    /// 503, give the same.
    static let retryAfterSeconds = 5

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch  where error.isStoreUnavailable {
            context.logger.warning("store unavailable: answered 503", metadata: ["error": "\(error)"])
            throw HTTPError(
                .serviceUnavailable, headers: [.retryAfter: String(Self.retryAfterSeconds)],
                message: "the store is unavailable; retry later")
        }
    }
}
