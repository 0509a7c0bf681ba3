import Foundation
import HTTPTypes
import Hummingbird
import Logging
import RestockCore
import RestockEngine

/// `POST /webhooks/woocommerce`. WooCommerce does not retry, and disables a webhook after a
/// few failures, so every valid delivery is answered 2xx, and the unsigned form-encoded ping it
/// sends when a merchant saves a webhook gets 200 with nothing recorded.
struct WooCommerceWebhooksController: Sendable {
    let intake: WebhookIntake
    let verifier: BodyHMACVerifier
    let options: WooCommerceFormat.Options

    init(engine: RestockEngine, configuration: HTTPConfiguration, clock: @escaping @Sendable () -> Timestamp) {
        self.intake = WebhookIntake(source: "woocommerce", engine: engine, configuration: configuration, clock: clock)
        self.verifier = BodyHMACVerifier(secrets: configuration.platforms.wooCommerceSecrets)
        var options = configuration.platforms.wooCommerce
        options.attributionParameter = configuration.attributionParameter
        self.options = options
    }

    var endpoints: RouteCollection<RestockRequestContext> {
        let routes = RouteCollection(context: RestockRequestContext.self)
        routes.post(use: receive)
        return routes
    }

    func receive(request: Request, context: RestockRequestContext) async throws -> Response {
        let body = Data(try await intake.body(request).readableBytesView)
        let headers = request.headers
        let signature = headers.first("X-WC-Webhook-Signature")
        if signature == nil, WooCommerceFormat.isPing(contentType: headers[.contentType], body: body) {
            return Response(status: .ok)
        }
        guard verifier.isConfigured else {
            throw intake.refused(
                "WooCommerce webhooks are not configured (restock.woocommerce.secret)", context: context)
        }
        guard verifier.isValid(signature: signature, body: body) else {
            throw intake.refused("X-WC-Webhook-Signature does not match the body", context: context)
        }
        guard let topic = headers.first("X-WC-Webhook-Topic") else {
            throw HTTPError(.badRequest, message: "missing X-WC-Webhook-Topic header")
        }
        let events = try normalizing { () throws(PayloadError) in
            try WooCommerceFormat.normalize(topic: topic, body: body, receivedAt: intake.clock(), options: options)
        }
        // `X-WC-Webhook-Delivery-ID` repeats within a second and, like `X-WC-Webhook-ID`, is not
        // signed: the body's digest is the one key a replay cannot change.
        return try await intake.finish(
            events, receipt: DeliveryReceipt(source: intake.source, signedBody: body), context: context)
    }
}
