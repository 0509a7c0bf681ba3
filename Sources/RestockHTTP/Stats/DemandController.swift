import Foundation
import Hummingbird
import RestockCore

/// `GET /v1/demand?sort=waiting|longest_wait|lost&limit=50` (admin token): the variants shoppers
/// wait for, ranked by how many wait now, the longest wait, or the demand restocks sold out
/// before reaching; a variant the product feed no longer lists says since when.
struct DemandController: Sendable {
    let store: any RestockStore
    let clock: @Sendable () -> Timestamp

    var endpoints: RouteCollection<RestockRequestContext> {
        let routes = RouteCollection(context: RestockRequestContext.self)
        routes.get(use: demand)
        return routes
    }

    struct Entry: Encodable {
        var variant_id: String
        var product_title: String?
        var variant_title: String?
        var waiting: Int
        var waiting_since: String?
        var longest_wait_days: Double?
        var lost: Int
        /// Set when the product feed no longer lists the variant.
        var removed_at: String?
    }

    struct Answer: Encodable {
        var sort: String
        var variants: [Entry]
    }

    func demand(request: Request, context: RestockRequestContext) async throws -> Response {
        let sortText = request.uri.queryParameters["sort"].map(String.init) ?? DemandOrder.waiting.rawValue
        guard let order = DemandOrder(rawValue: sortText) else {
            throw HTTPError(
                .badRequest,
                message: "sort: expected one of \(DemandOrder.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let limitText = request.uri.queryParameters["limit"].map(String.init) ?? "50"
        guard let limit = Int(limitText), (1...1_000).contains(limit) else {
            throw HTTPError(.badRequest, message: "limit: expected an integer from 1 to 1000")
        }
        let rows = try await store.transaction { try $0.demand(order: order, limit: limit) }
        return try jsonResponse(Answer(sort: order.rawValue, variants: rows.map { entry($0, now: clock()) }))
    }

    func entry(_ row: DemandRow, now: Timestamp) -> Entry {
        Entry(
            variant_id: row.variantID, product_title: row.productTitle, variant_title: row.variantTitle,
            waiting: row.waiting, waiting_since: row.oldestWaitingSince?.description,
            longest_wait_days: row.oldestWaitingSince.map {
                (Double(now.microseconds - $0.microseconds) / 86_400_000_000 * 10).rounded() / 10
            }, lost: row.lost, removed_at: row.removedAt?.description)
    }
}
