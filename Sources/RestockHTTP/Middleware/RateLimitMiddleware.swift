import HTTPTypes
import Hummingbird

/// Per-client limits on a group of routes, keyed by ``RestockRequestContext/clientKey`` (the
/// address a trusted proxy forwarded for, IPv6 by /64).
///
/// Public pages (`/t`, `/u`, `/r`, `/c`) count every request. Signed and admin routes count
/// only refusals (401): a platform's legitimate burst of deliveries is never slowed, while
/// someone guessing a secret or token is throttled after a few tries. Over the limit the answer
/// is 429 with `Retry-After`, unless the route gives its own (the open pixel answers its image,
/// so a mail client never shows a broken one; the open is simply not recorded).
struct RateLimitMiddleware: RouterMiddleware {
    typealias Context = RestockRequestContext

    enum Counting: Sendable {
        case everyRequest
        case refusals
    }

    let limiter: RateLimiter
    let counting: Counting
    let now: @Sendable () -> Double
    /// The answer over the limit, given the seconds to wait; `nil` for the usual 429.
    var limitedResponse: (@Sendable (Request, Double) -> Response?)? = nil

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let key = context.clientKey
        switch counting {
        case .everyRequest:
            if let wait = limiter.take(key, now: now()) { return try limited(request, wait: wait) }
            return try await next(request, context)
        case .refusals:
            if let wait = limiter.wait(key, now: now()) { return try limited(request, wait: wait) }
            do {
                let response = try await next(request, context)
                if response.status == .unauthorized { _ = limiter.take(key, now: now()) }
                return response
            } catch let error as any HTTPResponseError where error.status == .unauthorized {
                _ = limiter.take(key, now: now())
                throw error
            }
        }
    }

    func limited(_ request: Request, wait: Double) throws -> Response {
        if let response = limitedResponse?(request, wait) { return response }
        throw Self.tooManyRequests(wait: wait)
    }

    /// The answer over any limit (this middleware's, or a route's own): 429, and when to come back.
    static func tooManyRequests(wait: Double) -> HTTPError {
        HTTPError(
            .tooManyRequests, headers: [.retryAfter: String(RateLimiter.retryAfter(wait))],
            message: "too many requests, try again later")
    }
}
