import Foundation
import RestockCore

/// The native platforms' payload decoders, fed what their webhook routes pass on once the
/// signature checked out (a signed delivery is the shop's, but its bytes still must not stop us).
extension FuzzTarget {
    /// Input: `X-Shopify-Topic`, `X-Shopify-Triggered-At`, body.
    static func shopify(_ input: FuzzInput) throws(FuzzFailure) {
        let fields = input.fields(3)
        let topic = FuzzInput.text(fields[0])
        let triggeredAt = Timestamp(iso8601: FuzzInput.text(fields[1]))
        for options in [ShopifyFormat.Options(), ShopifyFormat.Options(shopCurrency: "EUR")] {
            guard
                let events = try? ShopifyFormat.normalize(
                    topic: topic, body: Data(fields[2]), triggeredAt: triggeredAt, receivedAt: receivedAt,
                    options: options)
            else { continue }
            try check(events)
        }
    }

    /// Input: `X-WC-Webhook-Topic`, `Content-Type`, `X-WC-Webhook-ID` (no longer read: receipts
    /// are keyed by the signed body), body.
    static func wooCommerce(_ input: FuzzInput) throws(FuzzFailure) {
        let fields = input.fields(4)
        let body = Data(fields[3])
        let contentType = fields[1].isEmpty ? nil : FuzzInput.text(fields[1])
        _ = WooCommerceFormat.isPing(contentType: contentType, body: body)
        let key = ReceiptKey(source: "woocommerce", signedBody: body)
        try expect(key.id.utf8.count == 71, "a receipt key of \(key.id.utf8.count) bytes")
        let options = [
            WooCommerceFormat.Options(),
            WooCommerceFormat.Options(backorderIsAvailable: true, assumedQuantity: 1, currency: "PLN"),
        ]
        for options in options {
            guard
                let events = try? WooCommerceFormat.normalize(
                    topic: FuzzInput.text(fields[0]), body: body, receivedAt: receivedAt, options: options)
            else { continue }
            try check(events)
        }
    }

    /// Input: which reader (`webhook`, `variant`, `product`, `order`; anything else reads a
    /// `producer`), then one or two bodies (an order's answer and its products' answer).
    static func bigCommerce(_ input: FuzzInput) throws(FuzzFailure) {
        let fields = input.fields(3)
        let (first, second) = (Data(fields[1]), Data(fields[2]))
        switch FuzzInput.text(fields[0]) {
        case "webhook":
            if let events = try? BigCommerceFormat.normalize(body: first, receivedAt: receivedAt) { try check(events) }
        case "variant":
            _ = try? BigCommerceFormat.variantLevel(body: first)
        case "product":
            if let (variant, _) = try? BigCommerceFormat.productLevel(body: first) {
                try checkIDs([variant], "product")
            }
        case "order":
            let order = try? BigCommerceFormat.order(orderBody: first, productsBody: second, receivedAt: receivedAt)
            if let order { try check([order]) }
        default:
            if let hash = BigCommerceFormat.storeHash(producer: FuzzInput.text(fields[1])) {
                let alphanumeric = hash.utf8.allSatisfy {
                    (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0)
                }
                try expect(!hash.isEmpty && alphanumeric, "store hash \(hash) would reach an API path")
            }
        }
    }

    /// Input: the body of `POST /v1/inventory`.
    static func genericInventory(_ input: FuzzInput) throws(FuzzFailure) {
        guard let payload = try? JSONDecoder().decode(GenericInventoryPayload.self, from: Data(input.bytes)),
            let events = try? payload.normalized(fallbackTime: receivedAt)
        else { return }
        try expect(!events.stock.isEmpty, "an accepted inventory delivery changes no stock")
        try check(PlatformEvents(stock: events.stock, catalog: events.catalog))
    }

    /// Input: the body of `POST /v1/orders`.
    static func genericOrders(_ input: FuzzInput) throws(FuzzFailure) {
        guard let payload = try? JSONDecoder().decode(GenericOrderPayload.self, from: Data(input.bytes)),
            let orders = try? payload.normalized(fallbackTime: receivedAt)
        else { return }
        try expect(!orders.isEmpty, "an accepted order delivery holds no order")
        try check(orders)
    }
}
