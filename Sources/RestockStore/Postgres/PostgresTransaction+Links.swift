import LibPQ
import RestockCore

/// `links`: the URLs Restock put in each email, which a click redirects to.
extension PostgresTransaction {
    /// One statement for a dispatcher round's links. RETURNING has no order, so ids are matched
    /// back to the links by their key.
    func saveLinks(_ links: [NewLink]) throws -> [Int64] {
        guard !links.isEmpty else { return [] }
        return try StoreError.mappingPostgres {
            struct Key: Hashable {
                var outboxID: Int64
                var kind: String
                var variantID: String?
            }
            let rows = try connection.query(
                """
                INSERT INTO links (outbox_id, variant_id, url, kind)
                SELECT * FROM unnest(\(links.map(\.outboxID))::bigint[], \(links.map(\.variantID))::text[],
                                     \(links.map(\.url))::text[], \(links.map(\.kind))::text[])
                ON CONFLICT (outbox_id, kind, variant_id) DO UPDATE SET url = excluded.url
                RETURNING id, outbox_id, kind, variant_id
                """)
            var ids: [Key: Int64] = [:]
            for row in rows {
                ids[Key(outboxID: try row.decode(1), kind: try row.decode(2), variantID: try row.decode(3))] =
                    try row.decode(0, as: Int64.self)
            }
            return try links.map { link in
                guard let id = ids[Key(outboxID: link.outboxID, kind: link.kind, variantID: link.variantID)] else {
                    throw StoreError(.query, details: "link upsert returned no id for outbox \(link.outboxID)")
                }
                return id
            }
        }
    }

    func link(id: Int64) throws -> TrackedLink? {
        try StoreError.mappingPostgres {
            try connection.query("SELECT id, outbox_id, variant_id, url, kind FROM links WHERE id = \(id)").first.map {
                row in
                TrackedLink(
                    id: try row.decode(0), outboxID: try row.decode(1), variantID: try row.decode(2),
                    url: try row.decode(3), kind: try row.decode(4))
            }
        }
    }
}
