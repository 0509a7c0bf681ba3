import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import RestockCore
import RestockEngine

/// `POST /v1/inventory` and `POST /v1/orders`: the generic format, signed the Standard Webhooks
/// way. The order of checks is the point: size, then signature over the raw bytes, then parsing,
/// then one durable transaction, and only then 200 — so a refused delivery changes nothing.
public struct GenericWebhooksController: Sendable {
    let engine: RestockEngine
    let verifier: StandardWebhookVerifier
    let maxBodyBytes: Int
    let nowSeconds: @Sendable () -> Int64

    public init(engine: RestockEngine, configuration: HTTPConfiguration, nowSeconds: @escaping @Sendable () -> Int64) {
        self.engine = engine
        self.verifier = StandardWebhookVerifier(
            secrets: configuration.webhookSecrets, toleranceSeconds: configuration.toleranceSeconds)
        self.maxBodyBytes = configuration.maxBodyBytes
        self.nowSeconds = nowSeconds
    }

    public var endpoints: RouteCollection<RestockRequestContext> {
        let routes = RouteCollection(context: RestockRequestContext.self)
        routes.post("inventory", use: inventory)
        routes.post("orders", use: orders)
        return routes
    }

    func inventory(request: Request, context: RestockRequestContext) async throws -> Response {
        let delivery = try await verifiedBody(request, context: context)
        let payload = try decode(GenericInventoryPayload.self, from: delivery.body)
        let events = try validated { () throws(PayloadError) in try payload.normalized(fallbackTime: delivery.time) }
        let result = try await engine.ingest(
            stock: events.stock, catalog: events.catalog, receipt: DeliveryReceipt(source: "generic", id: delivery.id))
        return try jsonResponse(result)
    }

    func orders(request: Request, context: RestockRequestContext) async throws -> Response {
        let delivery = try await verifiedBody(request, context: context)
        let payload = try decode(GenericOrderPayload.self, from: delivery.body)
        let orders = try validated { () throws(PayloadError) in try payload.normalized(fallbackTime: delivery.time) }
        let result = try await engine.ingest(
            orders: orders, receipt: DeliveryReceipt(source: "generic", id: delivery.id))
        return try jsonResponse(result)
    }

    struct Delivery {
        var id: String
        var time: Timestamp
        var body: ByteBuffer
    }

    /// Reads at most `maxBodyBytes` (413 beyond, before reading the rest) and checks the signature.
    func verifiedBody(_ request: Request, context: RestockRequestContext) async throws -> Delivery {
        let body = try await collectWebhookBody(request, maxBytes: maxBodyBytes)
        let id = request.headers[HTTPField.Name("webhook-id")!]
        let timestamp = request.headers[HTTPField.Name("webhook-timestamp")!]
        let seconds: Int64
        do {
            seconds = try verifier.verify(
                id: id, timestamp: timestamp,
                signature: request.headers[HTTPField.Name("webhook-signature")!],
                body: body.readableBytesView, now: nowSeconds())
        } catch {
            context.logger.notice("webhook refused", metadata: ["restock.webhook.reason": "\(error)"])
            throw HTTPError(.unauthorized, message: error.message)
        }
        // The verifier read at most 12 digits, so the product stays far below Int64.max.
        return Delivery(id: id!, time: Timestamp(microseconds: seconds * 1_000_000), body: body)
    }
}

/// Decodes JSON, turning any decoding failure into a 400 that names the field.
func decode<T: Decodable>(_ type: T.Type, from body: ByteBuffer) throws -> T {
    do {
        return try JSONDecoder().decode(T.self, from: Data(body.readableBytesView))
    } catch let error as DecodingError {
        throw HTTPError(.badRequest, message: error.fieldMessage)
    }
}

/// Runs payload validation, turning its error into a 400 that names the field.
func validated<T>(_ body: () throws(PayloadError) -> T) throws -> T {
    do {
        return try body()
    } catch {
        throw HTTPError(.badRequest, message: error.message)
    }
}
