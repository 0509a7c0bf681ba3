import Foundation

/// Normalizes BigCommerce webhook deliveries and the API answers the engine reads back.
///
/// BigCommerce webhooks are thin: a `scope`, the store, and ids (`data`), never the current
/// quantity or order. What this relies on, from BigCommerce's webhook events reference:
/// `{"scope": "store/sku/inventory/updated", "store_id": "1025646", "producer": "stores/{hash}",
/// "created_at": 1561482670, "data": {"type": "sku", "id": 461, "inventory": {"product_id": 167,
/// "method": "absolute", "value": 2, "variant_id": 509}}}`; product scopes carry `data.type
/// "product"` and `inventory.product_id`; order scopes carry `data.type "order"` and the order's
/// `data.id`. The `inventory.value` is deliberately not used: deliveries are retried and arrive
/// out of order, and a `relative` one cannot be applied safely, so the level is always read
/// back from the API (``variantLevel(body:)``, ``productLevel(body:)``).
public enum BigCommerceFormat {
    static let variantScopes: Set<String> = ["store/sku/inventory/updated", "store/sku/inventory/order/updated"]
    static let productScopes: Set<String> = [
        "store/product/inventory/updated", "store/product/inventory/order/updated",
    ]
    /// `store/order/refund/created` names its order in `data.id` too; reading the order back
    /// gives its refunded status.
    static let orderScopes: Set<String> = [
        "store/order/created", "store/order/updated", "store/order/statusUpdated", "store/order/refund/created",
    ]

    /// One delivery, as lookups for the engine to read back. Scopes Restock does not use are
    /// returned as ``PlatformEvents/ignoredTopic`` without reading their `data`, whose shape
    /// varies by scope.
    public static func normalize(body: Data, receivedAt: Timestamp) throws(PayloadError) -> PlatformEvents {
        let scope = try PayloadDecoder.decode(Envelope.self, from: body).scope
        let isVariant = variantScopes.contains(scope)
        let isProduct = productScopes.contains(scope)
        guard isVariant || isProduct || orderScopes.contains(scope) else { return PlatformEvents(ignoredTopic: scope) }
        let delivery = try PayloadDecoder.decode(Delivery.self, from: body)
        let occurredAt = delivery.created_at?.timestamp ?? receivedAt
        let data = delivery.data
        let lookup: PlatformLookup
        if isVariant {
            guard let product = data.inventory?.product_id else {
                throw PayloadError("data.inventory.product_id", "required field is missing")
            }
            // In the v3 catalog a SKU is a variant: the SKU id in `data.id` is the variant id
            // when `inventory.variant_id` is absent.
            lookup = PlatformLookup(
                kind: .variantInventory, productID: product.value,
                variantID: (data.inventory?.variant_id ?? data.id).value, occurredAt: occurredAt)
        } else if isProduct {
            lookup = PlatformLookup(
                kind: .productInventory, productID: (data.inventory?.product_id ?? data.id).value,
                occurredAt: occurredAt)
        } else {
            lookup = PlatformLookup(kind: .order, orderID: data.id.value, occurredAt: occurredAt)
        }
        // The ids go into API paths (`/v3/catalog/products/{id}`): BigCommerce's are numbers,
        // and anything else could steer the read-back to another path.
        for (field, id) in [
            ("data.inventory.product_id", lookup.productID), ("data.inventory.variant_id", lookup.variantID),
            ("data.id", lookup.orderID),
        ] {
            if let id, !Self.isNumericID(id) { throw PayloadError(field, "expected a numeric BigCommerce id") }
        }
        return PlatformEvents(lookups: [lookup])
    }

    /// 1 to 20 ASCII digits: what BigCommerce's product, variant and order ids are.
    static func isNumericID(_ id: String) -> Bool {
        (1...20).contains(id.utf8.count) && id.utf8.allSatisfy { (0x30...0x39).contains($0) }
    }

    /// `"stores/abc123"` (a delivery's `producer`) → `"abc123"`, the hash in API paths; nil
    /// for anything else.
    public static func storeHash(producer: String) -> String? {
        let parts = producer.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0] == "stores", !parts[1].isEmpty,
            parts[1].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) })
        else { return nil }
        return String(parts[1])
    }

    struct Envelope: Decodable {
        var scope: String
    }

    struct Delivery: Decodable {
        struct Inventory: Decodable {
            var product_id: FlexibleID?
            var variant_id: FlexibleID?
        }

        struct Payload: Decodable {
            var id: FlexibleID
            var inventory: Inventory?
        }

        var data: Payload
        var created_at: FlexibleTime?
    }
}
