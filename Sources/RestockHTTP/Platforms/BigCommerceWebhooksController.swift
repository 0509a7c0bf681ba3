import Foundation
import HTTPTypes
import Hummingbird
import Logging
import RestockCore
import RestockEngine

/// `POST /webhooks/bigcommerce`. The payload only names what changed; the delivery is
/// acknowledged once its references are queued durably (`platform_lookups`), and the engine
/// reads the real quantity or order back from the store API afterwards
/// (``BigCommerceLookups``), so a slow API never makes BigCommerce time out and retry.
struct BigCommerceWebhooksController: Sendable {
    let intake: WebhookIntake
    let verifier: StandardWebhookVerifier

    init(engine: RestockEngine, configuration: HTTPConfiguration, clock: @escaping @Sendable () -> Timestamp) {
        self.intake = WebhookIntake(source: "bigcommerce", engine: engine, configuration: configuration, clock: clock)
        self.verifier = StandardWebhookVerifier(
            secrets: configuration.platforms.bigCommerceSecrets, toleranceSeconds: configuration.toleranceSeconds)
    }

    var endpoints: RouteCollection<RestockRequestContext> {
        let routes = RouteCollection(context: RestockRequestContext.self)
        routes.post(use: receive)
        return routes
    }

    func receive(request: Request, context: RestockRequestContext) async throws -> Response {
        let body = try await intake.body(request)
        guard verifier.isConfigured else {
            throw intake.refused(
                "BigCommerce webhooks are not configured (restock.bigcommerce.secret)", context: context)
        }
        let headers = request.headers
        let id = headers.first("webhook-id")
        do {
            try verifier.verify(
                id: id, timestamp: headers.first("webhook-timestamp"), signature: headers.first("webhook-signature"),
                body: body.readableBytesView, now: intake.clock().microseconds / 1_000_000)
        } catch {
            throw intake.refused(error.message, context: context)
        }
        let events = try normalizing { () throws(PayloadError) in
            try BigCommerceFormat.normalize(body: Data(body.readableBytesView), receivedAt: intake.clock())
        }
        // `webhook-id` is signed with the body and the timestamp, and the timestamp is held to the
        // tolerance: a replay is a duplicate within it and refused after it.
        return try await intake.finish(
            events, receipt: DeliveryReceipt(source: intake.source, id: id!), context: context)
    }
}

extension StandardWebhookVerifier.Failure {
    /// What a 401 says about the refusal.
    var message: String {
        switch self {
        case .missingHeader(let name): "missing or malformed \(name) header"
        case .timestampOutOfRange: "webhook-timestamp is more than the allowed tolerance away from now"
        case .badSignature: "signature does not match"
        }
    }
}
