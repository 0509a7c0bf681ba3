import HTTPTypes
import Hummingbird
import Logging

/// Logs every request at `.debug`: method, the path with every segment that is not a route word
/// replaced by `…`, the status and the time taken. Never the query string, never a header.
///
/// Hummingbird's `LogRequestsMiddleware` logs the whole URI, and Restock's URIs carry
/// capabilities: the signed tokens of `/u`, `/r`, `/c` and `/t` links, which unsubscribe or
/// confirm whoever holds them. A debug log shipped to a log service must not hold them, so the
/// path is rebuilt from an allow-list (``RedactedPath``) rather than by spotting tokens, which
/// would miss a token sent to a mistyped route.
struct RequestLogMiddleware<Context: RequestContext>: RouterMiddleware {
    let level: Logger.Level

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let start = ContinuousClock.now
        do {
            let response = try await next(request, context)
            log(request, status: response.status, since: start, context: context)
            return response
        } catch {
            let status = (error as? any HTTPResponseError)?.status ?? .internalServerError
            log(request, status: status, since: start, context: context)
            throw error
        }
    }

    func log(_ request: Request, status: HTTPResponse.Status, since start: ContinuousClock.Instant, context: Context) {
        let elapsed = ContinuousClock.now - start
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        context.logger.log(
            level: level, "request",
            metadata: [
                "restock.http.method": "\(request.method.rawValue)",
                "restock.http.path": "\(RedactedPath(request.uri.path))",
                "restock.http.status": "\(status.code)",
                "restock.http.milliseconds": "\((milliseconds * 10).rounded() / 10)",
            ])
    }
}

/// A request path fit for a log: segments that are words of Restock's own routes are kept,
/// anything else (a token, an id, whatever a prober sent) becomes `…`, and at most
/// ``maxSegments`` segments are shown. `/t/c/eyJ…` logs as `/t/c/…`, `/v1/watches` as itself.
struct RedactedPath: CustomStringConvertible, Sendable {
    static let routeWords: Set<Substring> = [
        "", "v1", "watches", "inventory", "orders", "webhooks", "shopify", "admin", "woocommerce", "bigcommerce",
        "u", "r", "c", "t", "o", "stats", "demand", "report", "outbox", "healthz", "readyz", "metrics",
    ]
    static let maxSegments = 6

    let description: String

    init(_ path: String) {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        var shown = segments.prefix(Self.maxSegments).map { Self.routeWords.contains($0) ? String($0) : "…" }
        if segments.count > Self.maxSegments { shown.append("…") }
        description = "/" + shown.joined(separator: "/")
    }
}
