import Foundation
import RestockCore
import Testing

@Suite struct BigCommerceFormatTests {
    static let received = Timestamp(microseconds: 1_795_700_000 * 1_000_000)
    static let created = Timestamp(microseconds: 1_561_482_670 * 1_000_000)

    static func normalize(_ body: String) throws(PayloadError) -> PlatformEvents {
        try BigCommerceFormat.normalize(body: Data(body.utf8), receivedAt: received)
    }

    static func delivery(_ scope: String, data: String, createdAt: String = #", "created_at": 1561482670"#) -> String {
        """
        {"scope": "\(scope)", "store_id": "1025646", "producer": "stores/abc123",
         "hash": "352e4afc6dd3fc85ea26bfdf3f91852604d57528"\(createdAt), "data": \(data)}
        """
    }

    static let sku =
        #"{"type": "sku", "id": 461, "inventory": {"product_id": 167, "method": "absolute", "value": 5, "variant_id": 509}}"#

    @Test(arguments: ["store/sku/inventory/updated", "store/sku/inventory/order/updated"])
    func skuScopesAskForTheVariantLevel(scope: String) throws {
        #expect(
            try Self.normalize(Self.delivery(scope, data: Self.sku))
                == PlatformEvents(lookups: [
                    PlatformLookup(
                        kind: .variantInventory, productID: "167", variantID: "509", occurredAt: Self.created)
                ]))
    }

    @Test func skuWithoutVariantIDUsesTheSKUID() throws {
        let data =
            #"{"type": "sku", "id": 271878346596884015, "inventory": {"product_id": 167, "method": "relative", "value": -1}}"#
        let events = try Self.normalize(Self.delivery("store/sku/inventory/updated", data: data))
        #expect(events.lookups.map(\.variantID) == ["271878346596884015"])
    }

    /// The ids go into the read-back's API paths: only numbers, as BigCommerce's are.
    @Test(arguments: [
        ("store/sku/inventory/updated", #"{"id": 1, "inventory": {"product_id": "167/../../v2/customers"}}"#),
        ("store/sku/inventory/updated", #"{"id": 1, "inventory": {"product_id": 167, "variant_id": "5?x=1"}}"#),
        ("store/order/created", #"{"type": "order", "id": "12#"}"#),
    ])
    func idsThatAreNotNumbersAreRefused(scope: String, data: String) {
        #expect(throws: PayloadError.self) { try Self.normalize(Self.delivery(scope, data: data)) }
    }

    @Test(arguments: ["store/product/inventory/updated", "store/product/inventory/order/updated"])
    func productScopesAskForTheProductLevel(scope: String) throws {
        let data =
            #"{"type": "product", "id": 167, "inventory": {"product_id": 167, "method": "absolute", "value": 2}}"#
        #expect(
            try Self.normalize(Self.delivery(scope, data: data))
                == PlatformEvents(lookups: [
                    PlatformLookup(kind: .productInventory, productID: "167", occurredAt: Self.created)
                ]))
    }

    @Test(arguments: [
        "store/order/created", "store/order/updated", "store/order/statusUpdated", "store/order/refund/created",
    ])
    func orderScopesAskForTheOrder(scope: String) throws {
        let data = #"{"type": "order", "id": 250, "status": {"previous_status_id": 1, "new_status_id": 11}}"#
        let events = try Self.normalize(Self.delivery(scope, data: data, createdAt: ""))
        #expect(
            events == PlatformEvents(lookups: [PlatformLookup(kind: .order, orderID: "250", occurredAt: Self.received)])
        )
    }

    @Test func otherScopesAreIgnoredWhateverTheirData() throws {
        let body = Self.delivery("store/app/uninstalled", data: #"{"type": "store"}"#)
        #expect(try Self.normalize(body) == PlatformEvents(ignoredTopic: "store/app/uninstalled"))
    }

    @Test func webhookErrorsNameTheField() {
        let noProduct = #"{"type": "sku", "id": 461, "inventory": {"variant_id": 509}}"#
        #expect(throws: PayloadError("data.inventory.product_id", "required field is missing")) {
            try Self.normalize(Self.delivery("store/sku/inventory/updated", data: noProduct))
        }
        #expect(throws: PayloadError("data.id", "required field is missing")) {
            try Self.normalize(Self.delivery("store/order/created", data: #"{"type": "order"}"#))
        }
        #expect(throws: PayloadError("scope", "required field is missing")) { try Self.normalize("{}") }
    }

    @Test func storeHashComesFromTheProducer() {
        #expect(BigCommerceFormat.storeHash(producer: "stores/abc123") == "abc123")
        #expect(BigCommerceFormat.storeHash(producer: "stores/") == nil)
        #expect(BigCommerceFormat.storeHash(producer: "abc123") == nil)
        #expect(BigCommerceFormat.storeHash(producer: "stores/abc/def") == nil)
    }
}
