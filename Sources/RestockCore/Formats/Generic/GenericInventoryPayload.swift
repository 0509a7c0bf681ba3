/// Body of `POST /v1/inventory`, the generic format (README, "Generic webhooks"): either
/// `{"events": [ … ]}` or a single event object.
public struct GenericInventoryPayload: Decodable, Sendable {
    struct Event: Decodable {
        var variant_id: FlexibleID
        var location_id: FlexibleID?
        var available: Int?
        var delta: Int?
        var occurred_at: FlexibleTime?
        var product_title: String?
        var variant_title: String?
        var url: String?
        var image_url: String?
        var price: String?
        var price_minor: Int64?
        var currency: String?
    }

    var events: [Event]

    enum CodingKeys: String, CodingKey { case events }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if container.contains(.events) {
            self.events = try container.decode([Event].self, forKey: .events)
        } else {
            self.events = [try Event(from: decoder)]
        }
    }

    /// Normalized events; `fallbackTime` (the signed `webhook-timestamp`) orders events that carry
    /// no time of their own.
    public func normalized(fallbackTime: Timestamp) throws(PayloadError) -> (
        stock: [StockEvent], catalog: [CatalogEntry]
    ) {
        guard !events.isEmpty else { throw PayloadError("events", "must not be empty") }
        var stock: [StockEvent] = []
        var catalog: [CatalogEntry] = []
        for (i, event) in events.enumerated() {
            let field = events.count == 1 && i == 0 ? "" : "events[\(i)]."
            let change: StockEvent.Change
            switch (event.available, event.delta) {
            case (let level?, nil): change = .absolute(level)
            case (nil, let delta?): change = .delta(delta)
            case (nil, nil): throw PayloadError("\(field)available", "give `available` (a level) or `delta` (a change)")
            case (_?, _?): throw PayloadError("\(field)delta", "give either `available` or `delta`, not both")
            }
            stock.append(
                StockEvent(
                    variantID: event.variant_id.value, locationID: event.location_id?.value ?? "",
                    change: change, occurredAt: event.occurred_at?.timestamp ?? fallbackTime))
            // The currency and price reach every email's price line: a code that is not ISO 4217
            // or a negative amount is refused here rather than shown to shoppers later.
            let currency = try event.currency.map { code throws(PayloadError) in
                try PayloadDecoder.currencyCode(code, field: "\(field)currency")
            }
            var priceMinor = event.price_minor
            if let minor = priceMinor, let problem = Money.problem(minor: minor) {
                throw PayloadError("\(field)price_minor", problem)
            }
            if let price = event.price {
                guard let currency else {
                    throw PayloadError("\(field)currency", "required with `price`")
                }
                guard let minor = Money.minorUnits(price, currency: currency) else {
                    throw PayloadError("\(field)price", "expected a decimal like \"19.99\"")
                }
                priceMinor = minor
            }
            // Catalog text reaches the shop's emails and links: refused here, never failed later.
            let entry = try CatalogEntry(
                variantID: event.variant_id.value, productTitle: event.product_title,
                variantTitle: event.variant_title, url: event.url, imageURL: event.image_url,
                priceMinor: priceMinor, currency: currency
            ).validated(prefix: field)
            if entry.hasDetails { catalog.append(entry) }
        }
        return (stock, catalog)
    }
}
