import GRDB
import RestockCore

/// `links`: the URLs Restock put in each email, which a click redirects to.
extension SQLiteTransaction {
    func saveLinks(_ links: [NewLink]) throws -> [Int64] {
        try StoreError.mappingSQLite {
            let upsert = try db.cachedStatement(
                sql: """
                    INSERT INTO links (outbox_id, variant_id, url, kind) VALUES (?, ?, ?, ?)
                    ON CONFLICT (outbox_id, kind, variant_id) DO UPDATE SET url = excluded.url
                    RETURNING id
                    """)
            return try links.map { link in
                guard
                    let id = try Int64.fetchOne(
                        upsert, arguments: [link.outboxID, link.variantID, link.url, link.kind])
                else { throw StoreError(.query, details: "link upsert returned no id") }
                return id
            }
        }
    }

    func link(id: Int64) throws -> TrackedLink? {
        try StoreError.mappingSQLite {
            try Row.fetchOne(
                db.cachedStatement(sql: "SELECT id, outbox_id, variant_id, url, kind FROM links WHERE id = ?"),
                arguments: [id]
            ).map { row in
                TrackedLink(
                    id: row["id"], outboxID: row["outbox_id"], variantID: row["variant_id"], url: row["url"],
                    kind: row["kind"])
            }
        }
    }
}
