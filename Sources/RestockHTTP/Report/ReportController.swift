import Foundation
import Hummingbird
import RestockCore
import RestockEngine

/// `GET /report?from=&to=` (admin token, or basic auth with the token as password): the
/// shop owner's page. Four reads: the period by day and by variant, the total, and demand.
struct ReportController: Sendable {
    let engine: RestockEngine
    let shopName: String
    let clock: @Sendable () -> Timestamp

    var endpoints: RouteCollection<RestockRequestContext> {
        let routes = RouteCollection(context: RestockRequestContext.self)
        routes.get(use: report)
        return routes
    }

    func report(request: Request, context: RestockRequestContext) async throws -> Response {
        let parameters = request.queryDictionary
        let now = clock()
        let query = try StatsQuery(request: parameters, today: StatsIncrement.day(now))
        let days = try await engine.stats(fromDay: query.fromDay, toDay: query.toDay, groupBy: .day)
        let variants = try await engine.stats(fromDay: query.fromDay, toDay: query.toDay, groupBy: .variant)
        let demand = try await engine.store.transaction { try $0.demand(order: .waiting, limit: 10) }
        let page = ReportPage(
            shopName: shopName, days: days, variants: variants, demand: demand, now: now,
            fromDay: query.fromDay, toDay: query.toDay)
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        headers[.contentSecurityPolicy] = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: page.html)))
    }
}
