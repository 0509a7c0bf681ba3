import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import RestockCore
import RestockHTTP
import Testing

/// Secrets and signed headers for the native webhook tests, shaped as each platform sends them.
enum PlatformFixtures {
    static let shopifySecret = "shpss_restock_test_app_secret_01"
    static let shopifyPreviousSecret = "shpss_restock_test_old_secret_02"
    static let shopifyAdminSecret = "restock-test-store-level-key-0003"
    static let wooSecret = "restock-woo-test-secret-04"
    static let bigCommerceSecret = "whsec_" + Data("restock-bigcommerce-test-secret-05".utf8).base64EncodedString()

    /// The settings that turn every integration on.
    static var settings: [String: String] {
        [
            "restock.shopify.secret": shopifySecret, "restock.shopify.secretPrevious": shopifyPreviousSecret,
            "restock.shopify.adminSecret": shopifyAdminSecret, "restock.shopify.currency": "EUR",
            "restock.woocommerce.secret": wooSecret, "restock.woocommerce.currency": "PLN",
            "restock.bigcommerce.secret": bigCommerceSecret,
        ]
    }

    /// 2026-12-01T15:00:00Z, the afternoon of the day the fixtures' signed times fall on: they
    /// are fresh, within `restock.webhook.maxAgeSeconds`, at this clock.
    static func clock() -> TestClock { TestClock(Timestamp(microseconds: 1_796_137_200 * 1_000_000)) }

    /// A Shopify or WooCommerce body time `seconds` from `clock`'s now, as Shopify writes it.
    static func time(_ clock: TestClock, _ seconds: Double = 0) -> String {
        clock.now.adding(seconds: seconds).description
    }

    /// Posts a delivery the platform must see acknowledged (2xx, so it neither retries nor
    /// disables the webhook) and returns the answer.
    static func acknowledged(
        _ client: some TestClientProtocol, _ path: String, _ body: String, headers: HTTPFields
    ) async throws -> String {
        let answer = try await client.post(path, body, headers: headers)
        #expect(answer.status.code / 100 == 2, "\(String(buffer: answer.body))")
        return String(buffer: answer.body)
    }

    /// Headers of a Shopify delivery; `lowerCase` uses the `shopify-*` names newer deliveries
    /// also carry.
    static func shopify(
        _ body: String, topic: String, eventID: String? = UUID().uuidString, webhookID: String? = nil,
        secret: String = shopifySecret, lowerCase: Bool = false
    ) -> HTTPFields {
        func name(_ suffix: String) -> HTTPField.Name {
            HTTPField.Name(lowerCase ? "shopify-\(suffix.lowercased())" : "X-Shopify-\(suffix)")!
        }
        var fields: HTTPFields = [
            .contentType: "application/json",
            name("Topic"): topic,
            name("Hmac-Sha256"): BodyHMACVerifier.sign(secret: secret, body: Data(body.utf8)),
            name("Shop-Domain"): "restock-test.myshopify.com",
            name("API-Version"): "2025-10",
            name("Triggered-At"): "2026-12-01T09:00:00.000Z",
        ]
        if let eventID { fields[name("Event-Id")] = eventID }
        fields[name("Webhook-Id")] = webhookID ?? UUID().uuidString
        return fields
    }

    /// Headers of a WooCommerce delivery.
    static func woo(
        _ body: String, topic: String, webhookID: String = "12", deliveryID: String = "3f2b9c",
        secret: String = wooSecret
    ) -> HTTPFields {
        let (resource, event) = (
            topic.split(separator: ".").first.map(String.init) ?? "",
            topic.split(separator: ".").last.map(String.init) ?? ""
        )
        return [
            .contentType: "application/json",
            HTTPField.Name("X-WC-Webhook-Source")!: "https://shop.example/",
            HTTPField.Name("X-WC-Webhook-Topic")!: topic,
            HTTPField.Name("X-WC-Webhook-Resource")!: resource,
            HTTPField.Name("X-WC-Webhook-Event")!: event,
            HTTPField.Name("X-WC-Webhook-Signature")!: BodyHMACVerifier.sign(secret: secret, body: Data(body.utf8)),
            HTTPField.Name("X-WC-Webhook-ID")!: webhookID,
            // Not unique per event: the same value within a second.
            HTTPField.Name("X-WC-Webhook-Delivery-ID")!: deliveryID,
        ]
    }

    /// Headers of a BigCommerce delivery (Standard Webhooks) at `seconds`.
    static func bigCommerce(
        _ body: String, id: String = UUID().uuidString, seconds: Int64, secret: String = bigCommerceSecret
    )
        -> HTTPFields
    {
        [
            .contentType: "application/json",
            HTTPField.Name("webhook-id")!: id,
            HTTPField.Name("webhook-timestamp")!: String(seconds),
            HTTPField.Name("webhook-signature")!: StandardWebhookVerifier.sign(
                secret: secret, id: id, timestamp: seconds, body: Data(body.utf8)),
        ]
    }
}
