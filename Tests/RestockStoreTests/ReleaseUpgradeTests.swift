import RestockCore
import RestockTestSupport
import Testing

/// Issue 18 point 1: upgrading a database made by the current release keeps its data, on
/// either dialect, and leaves the same schema as migrating a fresh database does.
@Suite struct ReleaseUpgradeTests {
    /// The kinds a release's daemon stores in (an in-memory database outlives no release).
    static let kinds = StoreKind.enabled.filter { $0 != .sqliteMemory }
    static let release = "0.17.0"
    /// The migrations 0.17.0 knows, all applied in its fixtures.
    static let releaseMigrations = Array(1...9)

    @Test("a 0.17.0 database keeps what the shop sees through migrate", arguments: kinds)
    func upgradeKeepsTheShopsData(kind: StoreKind) async throws {
        try await Self.withFixture(kind) { made in
            #expect(try await made.store.appliedMigrations() == Self.releaseMigrations)
            let feedURL = try await made.queryRaw("SELECT url FROM feed_polls").first?.first ?? nil
            // This program reads 0.17's PostgreSQL schema as it is; SQLite's 0.17 schema lacks
            // what it reads (`waiting`, inline items) until migrate, so there the rows are read
            // raw before and compared with what the program reads after.
            let before = kind == .postgres ? try await ShopSnapshot.read(made.store, feedURL: feedURL) : nil
            let rawBefore = try await Self.rawRows(
                made, itemsFrom: kind == .postgres ? "outbox_item_list" : "outbox_items")

            let applied = try await made.store.migrate()
            #expect(applied == made.store.knownMigrations.filter { !Self.releaseMigrations.contains($0) })
            let after = try await ShopSnapshot.read(made.store, feedURL: feedURL)
            Self.expectTheFixturesShop(after)
            let rawAfter = try await Self.rawRows(made, itemsFrom: "outbox_item_list")
            #expect(rawAfter.watches == rawBefore.watches)
            #expect(rawAfter.items == rawBefore.items)
            #expect(rawAfter.outbox == rawBefore.outbox)
            // Who waits is who is `watching`, in place.
            let watching = rawBefore.watches.filter { $0[1] == "watching" }.map { [$0[0], $0[2]] }
            #expect(
                try await made.queryRaw("SELECT watch_id, queue_position FROM waiting ORDER BY watch_id") == watching)

            guard let before else { return }
            // Field by field, so a failure names what changed.
            #expect(after.watches == before.watches)
            #expect(after.customers == before.customers)
            #expect(after.outbox == before.outbox)
            #expect(after.outboxByID == before.outboxByID)
            #expect(after.notifications == before.notifications)
            #expect(after.links == before.links)
            #expect(after.events == before.events)
            #expect(after.personEvents == before.personEvents)
            #expect(after.followUps == before.followUps)
            #expect(after.order == before.order)
            #expect(after.attributions == before.attributions)
            #expect(after.stats == before.stats)
            #expect(after.demand == before.demand)
            #expect(after.catalog == before.catalog)
            #expect(after.stock == before.stock)
            #expect(after.openCycles == before.openCycles)
            #expect(after.removedVariants.sorted() == before.removedVariants.sorted())
            #expect(after.feedPoll == before.feedPoll)
            #expect(after.counts == before.counts)
        }
    }

    /// Rows as text, read outside the program's API: each watch's state and place, each
    /// email's items (from `itemsFrom`), each email's state, key and Message-ID.
    static func rawRows(_ made: TestStore, itemsFrom table: String) async throws
        -> (watches: [[String?]], items: [[String?]], outbox: [[String?]])
    {
        (
            try await made.queryRaw("SELECT id, state, queue_position FROM watches ORDER BY id"),
            try await made.queryRaw(
                "SELECT outbox_id, watch_id, variant_id, cycle_id, kind FROM \(table) ORDER BY outbox_id, watch_id"),
            try await made.queryRaw("SELECT id, state, dedupe_key, message_id FROM outbox ORDER BY id")
        )
    }

    /// What catches a migration that upgrades a database to something other than what a fresh
    /// one gets: the upgraded catalog must be the fresh one, types as declared included.
    @Test("a 0.17.0 database migrated has the schema of a fresh one", arguments: kinds)
    func upgradedSchemaIsTheFreshOne(kind: StoreKind) async throws {
        let fresh = try await SchemaCatalogTests.freshCatalog(kind)
        try await Self.withFixture(kind) { made in
            try await made.store.migrate()
            let upgraded = try await SchemaCatalog.read(made)
            #expect(upgraded.differences(from: fresh, as: "upgraded", and: "fresh", exactTypes: true) == [])
            #expect(upgraded.tables.count >= SchemaCatalogTests.sharedTables.count)
        }
    }

    /// The shop `Tests/StoreFixtures/make-fixtures` ran, as the store reads it: so the fixture
    /// holds what the comparisons above are about, and cannot pass by being empty.
    static func expectTheFixturesShop(_ shop: ShopSnapshot) {
        let emails = shop.customers.mapValues(\.email)
        let states = Dictionary(
            uniqueKeysWithValues: shop.watches.values.map {
                ("\(emails[$0.customerID] ?? "?") \($0.variantID)", $0.state)
            })
        #expect(
            states == [
                "ada@example.com v1": .soldOutAgain, "ada@example.com v2": .notified, "bob@example.com v1": .converted,
                "cara@example.com v1": .watching, "dan@example.com v3": .watching, "gus@example.com v2": .unsubscribed,
                "hal@example.com v4": .watching, "eve@example.com v1": .pending, "fay@example.com v3": .watching,
            ])
        // Subscribed one after another: each keeps the place it was given, cara's re-subscribe too.
        #expect(shop.watches.values.allSatisfy { $0.queuePosition == $0.id })

        #expect(shop.outbox.count == 8)
        #expect(shop.outbox.allSatisfy { $0.state == .sent && $0.messageID != nil })
        let kinds = Dictionary(grouping: shop.outbox, by: \.kind).mapValues(\.count)
        #expect(kinds == [.confirmSubscription: 2, .backInStock: 4, .soldOutAgain: 2])
        let coalesced = shop.outbox.filter { $0.items.count > 1 }
        #expect(coalesced.count == 1)
        #expect(coalesced.first.map { emails[$0.customerID] } == "ada@example.com")
        #expect(coalesced.first?.items.map(\.variantID) == ["v1", "v2"])

        let bob = shop.customers.values.first { $0.email == "bob@example.com" }
        let bobsEmail = shop.outbox.first { $0.customerID == bob?.id && $0.kind == .backInStock }
        #expect(bobsEmail.map { ["\($0.id) open", "\($0.id) click"] } == shop.personEvents)
        #expect(shop.events.values.joined().count == 3, "bob's open and click, a scanner's open of cara's")
        #expect(shop.attributions.map(\.amountMinor) == [1_999])
        #expect(shop.order?.email == "bob@example.com")
        #expect(shop.followUps.count == 5, "a purchase check per watch a sent back-in-stock email was about")
        #expect(
            shop.stats[.kind]?.contains(StatsRow(group: "back_in_stock", metric: "sent", value: 4)) == true,
            "\(shop.stats[.kind] ?? [])")
        #expect(shop.removedVariants.sorted() == ["v1", "v2", "v4"])
        #expect(shop.feedPoll?.items == 1)
        #expect(shop.catalog["v1"]?.productTitle == "Wool socks")
    }

    /// Runs `body` on the release's fixture of `kind`, disposed of afterwards.
    static func withFixture(_ kind: StoreKind, _ body: (TestStore) async throws -> Void) async throws {
        let made = try await ReleaseFixture.open(kind, version: release)
        do {
            try await body(made)
        } catch {
            try? await made.dispose()
            throw error
        }
        try await made.dispose()
    }
}
