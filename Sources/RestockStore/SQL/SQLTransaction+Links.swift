import RestockCore

/// `links`: the URLs Restock put in each email, which a click redirects to.
extension SQLTransaction {
    /// One id per link given, in order. A key (email, kind, variant) given twice is one link:
    /// it keeps the later URL and both get its id, on both stores (PostgreSQL refuses to touch
    /// a row twice in one statement, so repeats are folded first). SQLite: an upsert per link,
    /// in process. PostgreSQL: one statement for a dispatcher round's links; RETURNING has no
    /// order, so ids are matched back to the links by their key.
    func saveLinks(_ links: [NewLink]) throws -> [Int64] {
        guard !links.isEmpty else { return [] }
        var folded: [LinkKey: NewLink] = [:]
        var order: [LinkKey] = []
        for link in links {
            let key = LinkKey(link)
            if folded.updateValue(link, forKey: key) == nil { order.append(key) }
        }
        let unique = order.map { folded[$0]! }
        var ids: [LinkKey: Int64] = [:]
        try sql.forEachRow(
            """
            INSERT INTO links (outbox_id, variant_id, url, kind)
            SELECT outbox_id, variant_id, url, kind
            FROM \(rows: SQLColumn("outbox_id", unique.map(\.outboxID)), SQLColumn("variant_id", unique.map(\.variantID)),
                   SQLColumn("url", unique.map(\.url)), SQLColumn("kind", unique.map(\.kind)), as: "u")
            WHERE true
            ON CONFLICT (outbox_id, kind, variant_id) DO UPDATE SET url = excluded.url
            RETURNING id, outbox_id, kind, variant_id
            """
        ) { row in
            ids[LinkKey(outboxID: try row.int64(1), kind: try row.string(2), variantID: try row.optionalString(3))] =
                try row.int64(0)
        }
        return try links.map { link in
            guard let id = ids[LinkKey(link)] else {
                throw StoreError(.query, details: "link upsert returned no id for outbox \(link.outboxID)")
            }
            return id
        }
    }

    func link(id: Int64) throws -> TrackedLink? {
        try sql.first("SELECT id, outbox_id, variant_id, url, kind FROM links WHERE id = \(id)") { row in
            TrackedLink(
                id: try row.int64(0), outboxID: try row.int64(1), variantID: try row.optionalString(2),
                url: try row.string(3), kind: try row.string(4))
        }
    }
}

/// A link's key within its email.
private struct LinkKey: Hashable {
    var outboxID: Int64
    var kind: String
    var variantID: String?

    init(outboxID: Int64, kind: String, variantID: String?) {
        self.outboxID = outboxID
        self.kind = kind
        self.variantID = variantID
    }

    init(_ link: NewLink) { self.init(outboxID: link.outboxID, kind: link.kind, variantID: link.variantID) }
}
