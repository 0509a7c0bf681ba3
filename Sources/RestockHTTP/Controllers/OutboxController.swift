import Hummingbird
import RestockCore

/// `GET /v1/outbox?state=queued&limit=100` (admin token): what is waiting to be sent, so an
/// operator can see that a restock queued its emails.
public struct OutboxController: Sendable {
    let store: any RestockStore

    public init(store: any RestockStore) { self.store = store }

    public var endpoints: RouteCollection<RestockRequestContext> {
        let routes = RouteCollection(context: RestockRequestContext.self)
        routes.get(use: list)
        return routes
    }

    struct Entry: Encodable {
        var id: Int64
        var customer_id: Int64
        var kind: String
        var state: String
        var attempts: Int
        var due_at: String
        var items: [Item]
        var sent_at: String?
        var message_id: String?
        /// What the receiving server said, for a sent row.
        var reply: String?
        /// Why the last attempt failed, for a retried or failed row.
        var last_error: String?
    }

    struct Item: Encodable {
        var watch_id: Int64
        var variant_id: String
        var cycle_id: Int64?
    }

    func list(request: Request, context: RestockRequestContext) async throws -> Response {
        var state: OutboxState? = nil
        if let text = request.uri.queryParameters["state"].map(String.init) {
            guard let parsed = OutboxState(rawValue: text) else {
                throw HTTPError(
                    .badRequest,
                    message: "state: expected one of \(OutboxState.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            state = parsed
        }
        let limitText = request.uri.queryParameters["limit"].map(String.init) ?? "100"
        guard let limit = Int(limitText), (1...10_000).contains(limit) else {
            throw HTTPError(.badRequest, message: "limit: expected an integer from 1 to 10000")
        }
        let filter = state
        let entries = try await store.transaction { try $0.outboxEntries(state: filter, limit: limit) }
        return try jsonResponse(
            entries.map {
                Entry(
                    id: $0.id, customer_id: $0.customerID, kind: $0.kind.rawValue, state: $0.state.rawValue,
                    attempts: $0.attempts, due_at: $0.dueAt.description,
                    items: $0.items.map { Item(watch_id: $0.watchID, variant_id: $0.variantID, cycle_id: $0.cycleID) },
                    sent_at: $0.sentAt?.description, message_id: $0.messageID, reply: $0.reply, last_error: $0.lastError
                )
            })
    }
}
