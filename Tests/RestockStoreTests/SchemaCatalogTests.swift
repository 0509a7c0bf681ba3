import RestockTestSupport
import Testing

/// Issue 18 point 1, "one schema": SQLite and PostgreSQL migrated from nothing have the same
/// tables, columns, keys, constraints and indexes, apart from the differences listed in
/// `SchemaCatalog+ExpectedDifferences.swift` (none, once the point is done).
@Suite struct SchemaCatalogTests {
    /// The tables every store has had since migration 9, on both dialects.
    static let sharedTables: Set<String> = [
        "attributions", "customers", "events", "feed_polls", "follow_ups", "inventory_items", "links",
        "order_lines", "orders", "outbox", "outbox_items", "parked_levels", "people_events", "platform_lookups",
        "restock_cycles", "schema_migrations", "stats_daily", "stats_variant_daily", "stock", "variants", "watches",
        "webhook_receipts",
    ]

    @Test(
        "fresh SQLite and PostgreSQL catalogs differ exactly as listed",
        .enabled(if: StoreKind.enabled.contains(.postgres)))
    func freshCatalogsDifferOnlyAsListed() async throws {
        let sqlite = try await Self.freshCatalog(.sqliteFile)
        let postgres = try await Self.freshCatalog(.postgres)
        let found = sqlite.differences(from: postgres, as: "sqlite", and: "postgresql")
        let expected = SchemaCatalog.expectedDifferences
        let appeared = found.filter { !expected.contains($0) }
        let gone = expected.filter { !found.contains($0) }
        #expect(
            appeared.isEmpty,
            "the dialects' schemas differ where they did not: \(appeared.joined(separator: "\n"))")
        #expect(
            gone.isEmpty,
            """
            these listed differences are gone: remove them from SchemaCatalog.expectedDifferences \
            (SchemaCatalog+ExpectedDifferences.swift), so that none can come back unnoticed: \
            \(gone.joined(separator: "\n"))
            """)
    }

    /// The reader sees what the migrations declare, on each dialect: so an empty list of
    /// differences means the same schema, not two catalogs read as nothing.
    @Test("the catalog reads tables, keys, uniques, foreign keys and partial indexes", arguments: Self.kinds)
    func readsWhatTheMigrationsDeclare(kind: StoreKind) async throws {
        let catalog = try await Self.freshCatalog(kind)
        #expect(Self.sharedTables.isSubset(of: catalog.tables.keys))
        #expect(!catalog.tables.keys.contains("sqlite_sequence"))
        let outbox = try #require(catalog.tables["outbox"])
        #expect(outbox.primaryKey == ["id"])
        #expect(outbox.uniques.contains(["dedupe_key"]))
        #expect(outbox.column("state")?.notNull == true)
        #expect(outbox.column("attempts")?.defaultValue == "0")
        #expect(
            outbox.indexes["outbox_claimable"]
                == .init(
                    columns: ["due_at", "id"], unique: false, predicate: "state in ['queued','sending']"))
        #expect(catalog.tables["stock"]?.primaryKey == ["variant_id", "location_id"])
        #expect(catalog.tables["events"]?.column("machine")?.family == "INTEGER")
        #expect(
            catalog.tables["events"]?.indexes["events_open_once"]
                == .init(
                    columns: ["outbox_id", "visitor"], unique: true, predicate: "kind = 'open'"))
        #expect(catalog.tables["attributions"]?.uniques.contains(["order_id", "line_no"]) == true)
        #expect(
            catalog.tables["order_lines"]?.foreignKeys == [
                .init(columns: ["order_id"], table: "orders", referencedColumns: ["id"], onDelete: "cascade")
            ])
    }

    /// The comparison can fail: two catalogs one column apart are reported, by name and side.
    @Test func aColumnOnOneSideIsReported() {
        let column = SchemaCatalog.Column(
            name: "id", family: "INTEGER", nativeType: "bigint", notNull: true, defaultValue: nil)
        var left = SchemaCatalog()
        left.tables["things"] = .init(columns: [column], primaryKey: ["id"])
        var right = left
        right.tables["things"]!.columns.append(
            .init(name: "ended", family: "INTEGER", nativeType: "boolean", notNull: true, defaultValue: "0"))
        #expect(left.differences(from: left, as: "a", and: "b") == [])
        #expect(left.differences(from: right, as: "a", and: "b") == ["column things.ended: only on b"])
        #expect(right.differences(from: left, as: "a", and: "b") == ["column things.ended: only on a"])

        right = left
        right.tables["things"]!.columns[0].notNull = false
        right.tables["things"]!.columns[0].nativeType = "INTEGER"
        right.tables["things"]!.indexes["things_live"] = .init(columns: ["id"], unique: false, predicate: "not ended")
        #expect(
            left.differences(from: right, as: "a", and: "b") == [
                "column things.id: nullable on b", "index things_live: only on b",
            ])
        #expect(
            left.differences(from: right, as: "a", and: "b", exactTypes: true) == [
                "column things.id type: bigint on a, INTEGER on b", "column things.id: nullable on b",
                "index things_live: only on b",
            ])
    }

    /// What each dialect prints for the same predicate or default reads the same.
    @Test func predicatesAndDefaultsAreNormalized() {
        let same: [(String, String)] = [
            ("state IN ('queued','sending')", "(state = ANY (ARRAY['queued'::text, 'sending'::text]))"),
            ("state NOT IN ('queued', 'sending')", "(state <> ALL (ARRAY['queued'::text, 'sending'::text]))"),
            ("kind = 'click'", "(kind = 'click'::text)"),
            ("NOT ended", "(NOT ended)"),
            ("ended = 0", "(ended = false)"),
            ("\"closed_at\" IS NULL", "(closed_at IS NULL)"),
        ]
        for (sqlite, postgres) in same {
            #expect(
                SchemaCatalog.normalizedPredicate(sqlite) == SchemaCatalog.normalizedPredicate(postgres),
                "\(sqlite) vs \(postgres)")
        }
        #expect(
            SchemaCatalog.normalizedPredicate("kind = 'open'") != SchemaCatalog.normalizedPredicate("kind = 'click'"))
        #expect(SchemaCatalog.normalizedDefault("'queued'::text") == SchemaCatalog.normalizedDefault("'queued'"))
        #expect(SchemaCatalog.normalizedDefault("false") == SchemaCatalog.normalizedDefault("0"))
        #expect(SchemaCatalog.normalizedDefault("NULL") == nil)
    }

    /// The kinds whose catalog can be read from outside the store (an in-memory database cannot).
    static let kinds = StoreKind.enabled.filter { $0 != .sqliteMemory }

    /// The catalog of a store of `kind` migrated from nothing.
    static func freshCatalog(_ kind: StoreKind) async throws -> SchemaCatalog {
        var catalog = SchemaCatalog()
        try await withTestStore(kind) { catalog = try await SchemaCatalog.read($0) }
        return catalog
    }
}
