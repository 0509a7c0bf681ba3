import LibPQ
import RestockCore
import RestockTestSupport
import Testing

@testable import RestockStore

/// PostgreSQL's migration 7 moves a one-item email's item into its outbox row. Emails queued by
/// an older restockd must read back the same afterwards, and their keys must stay taken.
@Suite struct PostgresInlineItemsMigrationTests {
    static let single = NewOutboxEntry(
        customerID: 7, kind: .backInStock, dueAt: Timestamp(microseconds: 1),
        items: [OutboxItem(watchID: 11, variantID: "v1", cycleID: 3)])
    static let coalesced = NewOutboxEntry(
        customerID: 8, kind: .backInStock, dueAt: Timestamp(microseconds: 1),
        items: [
            OutboxItem(watchID: 12, variantID: "v1", cycleID: 3), OutboxItem(watchID: 13, variantID: "v2", cycleID: 4),
        ])

    @Test(
        "emails queued before migration 7 read the same after it, and are not queued twice",
        .enabled(if: StoreKind.enabled.contains(.postgres)))
    func olderEmailsSurviveTheMove() async throws {
        try await withTestStore(.postgres, migrated: false) { made in
            let store = try #require(made.store as? PostgresStore)
            try await store.pool.withConnection { connection in
                try connection.simpleQuery(PostgresMigrations.bootstrap)
                for (version, sql) in PostgresMigrations.all where version < 7 {
                    try connection.simpleQuery(sql)
                    try connection.execute(
                        "INSERT INTO schema_migrations (version, applied_at) VALUES (\(version), \(Int64(0)))")
                }
                // As migration 6's restockd wrote them: every item in outbox_items.
                for entry in [Self.single, Self.coalesced] {
                    let id = try connection.query(
                        """
                        INSERT INTO outbox (customer_id, kind, dedupe_key, state, attempts, due_at, created_at, updated_at)
                        VALUES (\(entry.customerID), \(entry.kind.rawValue), \(entry.dedupeKey), 'queued', 0, 1, 1, 1)
                        RETURNING id
                        """)[0].decode("id", as: Int64.self)
                    for item in entry.items {
                        try connection.execute(
                            """
                            INSERT INTO outbox_items (outbox_id, watch_id, variant_id, cycle_id, kind)
                            VALUES (\(id), \(item.watchID), \(item.variantID), \(item.cycleID), \(entry.kind.rawValue))
                            """)
                    }
                }
            }

            #expect(try await store.migrate().first == 7, "7, then any later ones")

            let (inRow, itemRows) = try await store.pool.withConnection { connection in
                let inRow = try connection.query("SELECT watch_id FROM outbox WHERE watch_id IS NOT NULL")
                    .map { try $0.decode("watch_id", as: Int64.self) }
                let itemRows = try connection.query("SELECT count(*) AS n FROM outbox_items")[0]
                    .decode("n", as: Int.self)
                return (inRow, itemRows)
            }
            #expect(inRow == [11], "the one-item email carries its watch in its row")
            #expect(itemRows == 2, "only the coalesced email keeps rows in outbox_items")

            try await store.transaction { tx in
                let entries = try tx.outboxEntries(state: nil, limit: 10)
                #expect(entries.map(\.items) == [Self.single.items, Self.coalesced.items])
                #expect(entries.map(\.dedupeKey) == [Self.single.dedupeKey, Self.coalesced.dedupeKey])
                #expect(try tx.enqueue([Self.single, Self.coalesced], at: .now) == [nil, nil])
                #expect(try tx.cancelQueuedOutbox(watchIDs: [11, 13], at: .now) == 2)
            }
        }
    }
}
