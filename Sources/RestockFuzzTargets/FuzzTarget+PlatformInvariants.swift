import RestockCore

/// What every normalizer promises the engine, whatever the delivery said: the stores and the
/// emails rely on these without checking again.
extension FuzzTarget {
    static let receivedAt = Timestamp(microseconds: 1_795_700_000_000_000)
    static let orderStatuses: Set<String> = ["placed", "paid", "cancelled", "refunded"]

    /// An ISO 4217 code as the stores keep it: three capital ASCII letters.
    static func isCurrencyCode(_ code: String) -> Bool {
        code.utf8.count == 3 && code.utf8.allSatisfy { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) }
    }

    static func checkIDs(_ ids: [String], _ what: String) throws(FuzzFailure) {
        for id in ids {
            try expect(!id.isEmpty && id.utf8.count <= 1024, "\(what) id of \(id.utf8.count) bytes")
        }
    }

    static func check(_ events: PlatformEvents) throws(FuzzFailure) {
        try checkIDs(events.stock.map(\.variantID), "stock variant")
        try check(events.catalog)
        try check(events.orders)
        try checkIDs(events.itemLinks.flatMap { [$0.itemID, $0.variantID] }, "item link")
        try checkIDs(events.itemLevels.flatMap { [$0.itemID, $0.locationID] }, "item level")
        for lookup in events.lookups {
            try checkIDs([lookup.productID, lookup.variantID, lookup.orderID].compactMap { $0 }, "lookup")
        }
    }

    static func check(_ catalog: [CatalogEntry]) throws(FuzzFailure) {
        for entry in catalog {
            try checkIDs([entry.variantID], "catalog")
            try expect(entry.currency.map(isCurrencyCode) ?? true, "catalog currency \(entry.currency ?? "")")
            try expect((entry.priceMinor ?? 0) >= 0, "negative catalog price \(entry.priceMinor ?? 0)")
        }
    }

    static func check(_ orders: [OrderEvent]) throws(FuzzFailure) {
        for order in orders {
            try checkIDs([order.orderID] + order.lines.map(\.variantID), "order")
            // Shopify's refunds may name no currency: "" is unknown, and the order's own stays.
            let unknownRefundCurrency = order.status == "refunded" && order.currency.isEmpty
            try expect(isCurrencyCode(order.currency) || unknownRefundCurrency, "order currency \(order.currency)")
            try expect(orderStatuses.contains(order.status), "order status \(order.status)")
            try expect(order.totalMinor >= 0, "negative order total \(order.totalMinor)")
            if let email = order.email {
                try expect((try? EmailAddress.normalize(email)) == email, "order email \(email) is not normalized")
            }
            for line in order.lines {
                try expect(line.quantity > 0, "order line quantity \(line.quantity)")
                try expect(line.priceMinor >= 0, "negative line price \(line.priceMinor)")
            }
        }
    }
}
