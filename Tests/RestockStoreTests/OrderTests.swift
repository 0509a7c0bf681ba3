import RestockCore
import RestockStore
import RestockTestSupport
import Testing

extension StoreContract {
    @Suite struct Orders {
        static let placed = OrderEvent(
            source: "shopify", orderID: "5512345678901234567", email: "ada@example.com",
            currency: "EUR", totalMinor: 13_700, status: "placed", attribution: "rs_abc",
            lines: [
                .init(variantID: bigVariantID, quantity: 2, priceMinor: 4_900),
                .init(variantID: "v2", quantity: 1, priceMinor: 3_900),
            ],
            occurredAt: t0)

        @Test("a new order is stored with its lines", arguments: StoreKind.enabled)
        func storesNew(kind: StoreKind) async throws {
            try await withStore(kind) { store in
                let (isNew, stored) = try await store.transaction { tx in
                    (
                        try tx.saveOrder(Self.placed, at: at(5)),
                        try tx.order(source: "shopify", orderID: Self.placed.orderID)
                    )
                }
                #expect(isNew)
                #expect(stored == Self.placed)
            }
        }

        @Test("the same order again is not new and changes only its status", arguments: StoreKind.enabled)
        func updatesStatus(kind: StoreKind) async throws {
            try await withStore(kind) { store in
                try await store.transaction { _ = try $0.saveOrder(Self.placed, at: at(5)) }
                let refunded = {
                    var order = Self.placed
                    order.status = "refunded"
                    order.lines = []
                    order.occurredAt = at(3_600)
                    return order
                }()
                let (isNew, stored, counts) = try await store.transaction { tx in
                    (
                        try tx.saveOrder(refunded, at: at(3_600)),
                        try tx.order(source: "shopify", orderID: Self.placed.orderID),
                        try tx.counts()
                    )
                }
                var expected = Self.placed
                expected.status = "refunded"
                #expect(!isNew)
                #expect(stored == expected)
                #expect(counts.orders == 1)
            }
        }

        @Test("the same order id from another source is another order", arguments: StoreKind.enabled)
        func sourceIsPartOfKey(kind: StoreKind) async throws {
            try await withStore(kind) { store in
                let fromWoo = {
                    var order = Self.placed
                    order.source = "woocommerce"
                    order.status = "paid"
                    return order
                }()
                let (results, shopify, woo) = try await store.transaction { tx in
                    (
                        [try tx.saveOrder(Self.placed, at: t0), try tx.saveOrder(fromWoo, at: t0)],
                        try tx.order(source: "shopify", orderID: Self.placed.orderID),
                        try tx.order(source: "woocommerce", orderID: Self.placed.orderID)
                    )
                }
                #expect(results == [true, true])
                #expect(shopify?.status == "placed")
                #expect(woo?.status == "paid")
            }
        }

        @Test("an unknown order is not found", arguments: StoreKind.enabled)
        func unknown(kind: StoreKind) async throws {
            try await withStore(kind) { store in
                let order = try await store.transaction { try $0.order(source: "shopify", orderID: "1") }
                #expect(order == nil)
            }
        }
    }
}
