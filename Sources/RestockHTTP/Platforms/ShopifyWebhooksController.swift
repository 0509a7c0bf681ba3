import Foundation
import HTTPTypes
import Hummingbird
import Logging
import RestockCore
import RestockEngine

/// `POST /webhooks/shopify` (app webhooks) and `POST /webhooks/shopify/admin` (webhooks made in
/// the shop's admin, signed with the store-level key). Size, then the HMAC over the raw bytes,
/// then parsing (the unsigned topic header only picks the body's type), then the freshness
/// window, then one durable transaction under the body's digest, and only then 200.
struct ShopifyWebhooksController: Sendable {
    let intake: WebhookIntake
    let appVerifier: BodyHMACVerifier
    let adminVerifier: BodyHMACVerifier
    let options: ShopifyFormat.Options

    init(engine: RestockEngine, configuration: HTTPConfiguration, clock: @escaping @Sendable () -> Timestamp) {
        self.intake = WebhookIntake(source: "shopify", engine: engine, configuration: configuration, clock: clock)
        self.appVerifier = BodyHMACVerifier(secrets: configuration.platforms.shopifySecrets)
        self.adminVerifier = BodyHMACVerifier(secrets: configuration.platforms.shopifyAdminSecrets)
        var options = configuration.platforms.shopify
        options.attributionParameter = configuration.attributionParameter
        self.options = options
    }

    var endpoints: RouteCollection<RestockRequestContext> {
        let routes = RouteCollection(context: RestockRequestContext.self)
        routes.post { request, context in try await receive(request, context: context, verifier: appVerifier) }
        routes.post("admin") { request, context in
            try await receive(request, context: context, verifier: adminVerifier)
        }
        return routes
    }

    func receive(_ request: Request, context: RestockRequestContext, verifier: BodyHMACVerifier) async throws
        -> Response
    {
        let body = Data(try await intake.body(request).readableBytesView)
        let headers = request.headers
        guard verifier.isConfigured else {
            throw intake.refused("Shopify webhooks are not configured (restock.shopify.secret)", context: context)
        }
        guard verifier.isValid(signature: headers.first("X-Shopify-Hmac-Sha256", "shopify-hmac-sha256"), body: body)
        else {
            throw intake.refused("X-Shopify-Hmac-Sha256 does not match the body", context: context)
        }
        guard let topic = headers.first("X-Shopify-Topic", "shopify-topic") else {
            throw HTTPError(.badRequest, message: "missing X-Shopify-Topic header")
        }
        let triggeredAt = headers.first("X-Shopify-Triggered-At", "shopify-triggered-at")
            .flatMap { Timestamp(iso8601: $0) }
        let events = try normalizing { () throws(PayloadError) in
            try ShopifyFormat.normalize(
                topic: topic, body: body, triggeredAt: triggeredAt, receivedAt: intake.clock(), options: options)
        }
        // `X-Shopify-Event-Id` is Shopify's documented dedupe key, but it is not signed: a captured
        // delivery resent under a new event id would pass it. The body's digest is signed.
        return try await intake.finish(
            events, receipt: DeliveryReceipt(source: intake.source, signedBody: body), context: context)
    }
}
