import GRDB
import RestockCore

/// `variants`: titles, URLs, images and prices for emails.
extension SQLiteTransaction {
    func upsertCatalog(_ entry: CatalogEntry, at: Timestamp) throws {
        try StoreError.mappingSQLite {
            // COALESCE(excluded…, stored): a feed that omits a field must not blank it.
            try db.cachedStatement(
                sql: """
                    INSERT INTO variants (id, product_title, variant_title, url, image_url,
                                          price_minor, currency, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET
                        product_title = COALESCE(excluded.product_title, variants.product_title),
                        variant_title = COALESCE(excluded.variant_title, variants.variant_title),
                        url = COALESCE(excluded.url, variants.url),
                        image_url = COALESCE(excluded.image_url, variants.image_url),
                        price_minor = COALESCE(excluded.price_minor, variants.price_minor),
                        currency = COALESCE(excluded.currency, variants.currency),
                        updated_at = excluded.updated_at
                    """
            ).execute(arguments: [
                entry.variantID, entry.productTitle, entry.variantTitle, entry.url, entry.imageURL,
                entry.priceMinor, entry.currency, at.microseconds,
            ])
        }
    }

    func catalog(variant: String) throws -> CatalogEntry? {
        try StoreError.mappingSQLite {
            let row = try Row.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT id, product_title, variant_title, url, image_url, price_minor, currency
                        FROM variants WHERE id = ?
                        """),
                arguments: [variant])
            return row.map { row in
                CatalogEntry(
                    variantID: row["id"], productTitle: row["product_title"],
                    variantTitle: row["variant_title"], url: row["url"], imageURL: row["image_url"],
                    priceMinor: row["price_minor"], currency: row["currency"])
            }
        }
    }
}
