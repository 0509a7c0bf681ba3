import RestockCore

/// `variants`: titles, URLs, images and prices for emails.
extension SQLTransaction {
    func upsertCatalog(_ entry: CatalogEntry, at: Timestamp) throws {
        // COALESCE(excluded…, stored): a feed that omits a field must not blank it.
        try sql.execute(
            """
            INSERT INTO variants (id, product_title, variant_title, url, image_url,
                                  price_minor, currency, updated_at)
            VALUES (\(entry.variantID), \(entry.productTitle), \(entry.variantTitle), \(entry.url),
                    \(entry.imageURL), \(entry.priceMinor), \(entry.currency), \(at.microseconds))
            ON CONFLICT (id) DO UPDATE SET
                product_title = COALESCE(excluded.product_title, variants.product_title),
                variant_title = COALESCE(excluded.variant_title, variants.variant_title),
                url = COALESCE(excluded.url, variants.url),
                image_url = COALESCE(excluded.image_url, variants.image_url),
                price_minor = COALESCE(excluded.price_minor, variants.price_minor),
                currency = COALESCE(excluded.currency, variants.currency),
                updated_at = excluded.updated_at
            """)
    }

    func catalog(variant: String) throws -> CatalogEntry? {
        try sql.first(
            """
            SELECT id, product_title, variant_title, url, image_url, price_minor, currency
            FROM variants WHERE id = \(variant)
            """
        ) { row in
            CatalogEntry(
                variantID: try row.string(0), productTitle: try row.optionalString(1),
                variantTitle: try row.optionalString(2), url: try row.optionalString(3),
                imageURL: try row.optionalString(4), priceMinor: try row.optionalInt64(5),
                currency: try row.optionalString(6))
        }
    }
}
