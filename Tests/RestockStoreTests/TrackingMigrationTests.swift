import GRDB
import LibPQ
import RestockCore
import RestockTestSupport
import Testing

@testable import RestockStore

/// Migration 9 counts each email's people's opens and clicks (`people_events`). Events an older
/// restockd stored must be counted, so an email a person opened or clicked before the upgrade
/// is not counted again among people's after it.
@Suite struct TrackingMigrationTests {
    /// Email 1: a person's open, two people's clicks and a scanner's; email 2: a proxy's open.
    /// `no` and `yes` are the dialect's booleans.
    static func olderEvents(no: String, yes: String) -> String {
        """
        INSERT INTO events (kind, outbox_id, link_id, at, machine, reason, visitor) VALUES
            ('open', 1, NULL, 10, \(no), NULL, 'ada'),
            ('click', 1, 5, 20, \(no), NULL, 'ada'),
            ('click', 1, 5, 30, \(no), NULL, 'bob'),
            ('click', 1, 5, 40, \(yes), 'known-agent', 'scanner'),
            ('open', 2, NULL, 10, \(yes), 'apple-mpp', 'proxy');
        """
    }

    @Test(
        "people's opens and clicks stored before migration 9 are counted by it",
        arguments: StoreKind.enabled)
    func olderEventsAreCounted(kind: StoreKind) async throws {
        try await withTestStore(kind, migrated: false) { made in
            switch made.store {
            case let store as SQLiteStore:
                try await store.writer.write { db in
                    try db.execute(sql: SQLiteMigrations.bootstrap)
                    for (version, sql) in SQLiteMigrations.all where version < 9 {
                        try db.execute(sql: sql)
                        try db.execute(
                            sql: "INSERT INTO schema_migrations (version, applied_at) VALUES (?, 0)",
                            arguments: [version])
                    }
                    try db.execute(sql: Self.olderEvents(no: "0", yes: "1"))
                }
            case let store as PostgresStore:
                try await store.pool.withConnection { connection in
                    try connection.simpleQuery(PostgresMigrations.bootstrap)
                    for (version, sql) in PostgresMigrations.all where version < 9 {
                        try connection.simpleQuery(sql)
                        try connection.execute(
                            "INSERT INTO schema_migrations (version, applied_at) VALUES (\(version), \(Int64(0)))")
                    }
                    try connection.simpleQuery(Self.olderEvents(no: "false", yes: "true"))
                }
            default:
                Issue.record("no migration path for \(kind)")
                return
            }

            #expect(try await made.store.migrate() == [9])

            let answers = try await made.store.transaction { tx in
                try [(1, TrackingKind.open), (1, .click), (2, .open), (2, .click)].map {
                    try tx.hasPersonEvent(outboxID: $0, kind: $1)
                }
            }
            #expect(answers == [true, true, false, false])
            // Both people's clicks are counted: taking one back leaves the other.
            let stillClicked = try await made.store.transaction { tx in
                let clicks = try tx.events(outboxID: 1, kind: .click).filter { !$0.machine }
                try tx.markEventsMachine(ids: [clicks[0].id], reason: "link-burst")
                return try tx.hasPersonEvent(outboxID: 1, kind: .click)
            }
            #expect(stillClicked)
        }
    }
}
