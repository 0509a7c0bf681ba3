import LibPQ
import RestockCore

/// `variants`: titles, URLs, images and prices for emails.
extension PostgresTransaction {
    func upsertCatalog(_ entry: CatalogEntry, at: Timestamp) throws {
        try StoreError.mappingPostgres {
            // COALESCE(EXCLUDED…, stored): a feed that omits a field must not blank it.
            _ = try connection.execute(
                """
                INSERT INTO variants (id, product_title, variant_title, url, image_url,
                                      price_minor, currency, updated_at)
                VALUES (\(entry.variantID), \(entry.productTitle), \(entry.variantTitle), \(entry.url),
                        \(entry.imageURL), \(entry.priceMinor), \(entry.currency), \(at.microseconds))
                ON CONFLICT (id) DO UPDATE SET
                    product_title = COALESCE(EXCLUDED.product_title, variants.product_title),
                    variant_title = COALESCE(EXCLUDED.variant_title, variants.variant_title),
                    url = COALESCE(EXCLUDED.url, variants.url),
                    image_url = COALESCE(EXCLUDED.image_url, variants.image_url),
                    price_minor = COALESCE(EXCLUDED.price_minor, variants.price_minor),
                    currency = COALESCE(EXCLUDED.currency, variants.currency),
                    updated_at = EXCLUDED.updated_at
                """)
        }
    }

    func catalog(variant: String) throws -> CatalogEntry? {
        try StoreError.mappingPostgres {
            try connection.query(
                """
                SELECT id, product_title, variant_title, url, image_url, price_minor, currency
                FROM variants WHERE id = \(variant)
                """
            ).first.map { row in
                CatalogEntry(
                    variantID: try row.decode("id"), productTitle: try row.decode("product_title"),
                    variantTitle: try row.decode("variant_title"), url: try row.decode("url"),
                    imageURL: try row.decode("image_url"), priceMinor: try row.decode("price_minor"),
                    currency: try row.decode("currency"))
            }
        }
    }
}
