extension ShopifyFormat {
    /// Body of `products/update` and `products/create`: the product with all its variants.
    ///
    /// Only catalog details and the item → variant map are taken. `inventory_quantity` is
    /// deliberately ignored: it is the total over all locations, while `inventory_levels/update`
    /// reports each location; applying both would count the same units twice, and the total
    /// arrives out of order with the per-location levels.
    ///
    /// The payload has no storefront URL (only `handle`, and no shop domain), so `url` stays
    /// nil for the engine or a feed to fill in.
    struct ProductPayload: Decodable {
        struct Image: Decodable {
            var id: FlexibleID?
            var src: String?
            var variant_ids: [FlexibleID]?
        }

        /// Removed from newer API versions; used only when present.
        struct PresentmentPrice: Decodable {
            struct Amount: Decodable {
                var amount: DecimalText
                var currency_code: String
            }
            var price: Amount?
        }

        struct Variant: Decodable {
            var id: FlexibleID
            var title: String?
            var price: DecimalText?
            var inventory_item_id: FlexibleID?
            var image_id: FlexibleID?
            var presentment_prices: [PresentmentPrice]?
        }

        var title: String?
        var image: Image?
        var images: [Image]?
        var variants: [Variant]
        var updated_at: FlexibleTime?
        var admin_graphql_api_id: String?

        func normalized(shopCurrency: String?) -> (catalog: [CatalogEntry], links: [InventoryItemLink]) {
            var catalog: [CatalogEntry] = []
            var links: [InventoryItemLink] = []
            for variant in variants {
                let (priceMinor, currency) = price(of: variant, shopCurrency: shopCurrency)
                let entry = CatalogEntry(
                    variantID: variant.id.value, productTitle: title.nonBlank,
                    // Shopify names the single variant of a product without options "Default Title".
                    variantTitle: variant.title == "Default Title" ? nil : variant.title.nonBlank,
                    imageURL: imageURL(of: variant), priceMinor: priceMinor, currency: currency)
                if entry.hasDetails { catalog.append(entry) }
                if let item = variant.inventory_item_id {
                    links.append(InventoryItemLink(itemID: item.value, variantID: variant.id.value))
                }
            }
            return (catalog, links)
        }

        /// The variant's own image (`image_id`, or an image listing the variant), else the
        /// product's featured image, else its first.
        func imageURL(of variant: Variant) -> String? {
            let all = images ?? []
            if let id = variant.image_id, let match = all.first(where: { $0.id == id }), let src = match.src {
                return src
            }
            if let match = all.first(where: { $0.variant_ids?.contains(variant.id) == true }), let src = match.src {
                return src
            }
            return image?.src.nonBlank ?? all.lazy.compactMap { $0.src.nonBlank }.first
        }

        /// `price` is in the shop's currency, which the payload does not name. It is kept when
        /// the shop's currency is configured, or when `presentment_prices` lists exactly one
        /// currency at that same amount (the shop's own); otherwise the price is left out rather
        /// than guessed.
        func price(of variant: Variant, shopCurrency: String?) -> (Int64?, String?) {
            guard let price = variant.price else { return (nil, nil) }
            if let shopCurrency {
                let code = shopCurrency.uppercased()
                return price.minorUnits(currency: code).map { ($0, code) } ?? (nil, nil)
            }
            var matches: [String: Int64] = [:]
            for entry in variant.presentment_prices ?? [] {
                // A code that is not ISO 4217 would reach every email's price line.
                guard let amount = entry.price,
                    let code = CurrencyCode.normalized(amount.currency_code)
                else { continue }
                if let minor = price.minorUnits(currency: code), amount.amount.minorUnits(currency: code) == minor {
                    matches[code] = minor
                }
            }
            guard matches.count == 1, let (code, minor) = matches.first else { return (nil, nil) }
            return (minor, code)
        }
    }
}
