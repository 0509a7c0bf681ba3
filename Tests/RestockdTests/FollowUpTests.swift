import Foundation
import HummingbirdTesting
import RestockCore
import RestockEngine
import RestockTestSupport
import Testing

@testable import restockd

/// The purchase check at the end of a notification's window, across a restart: it runs once,
/// when due, whatever happened to the daemon in between.
@Suite struct FollowUpTests {
    @Test(arguments: [StoreKind.sqliteFile, .postgres].filter(StoreKind.enabled.contains))
    func eachNotifiedWatchIsCheckedOnceAtTheEndOfItsWindowAcrossRestarts(kind: StoreKind) async throws {
        let made = try await StoreFactory.make(kind)
        defer { Task { try? await made.dispose() } }
        let settings = ["restock.store.url": try #require(made.url), "restock.attribution.clickWindowDays": "2"]
        let clock = TestClock()

        // The first daemon sends three back-in-stock emails, then goes away.
        let first = try await TrackedShop(settings, clock: clock)
        try await first.test { client in
            for email in ["ada@example.com", "bob@example.com", "cem@example.com"] {
                try await first.subscribe(client, email, variant: "v1", url: "https://wool.example/p/socks")
            }
            #expect(try await first.restockAndSend(["v1"]).count == 3)
            // Cem's purchase reaches the database without going through the order webhook (an
            // import): only the check can find it.
            clock.advance(seconds: 3_600)
            try await first.store.transaction { tx in
                _ = try tx.saveOrder(
                    OrderEvent(
                        source: "import", orderID: "7", email: "cem@example.com", currency: "EUR", totalMinor: 1_999,
                        status: "paid", lines: [.init(variantID: "v1", quantity: 1, priceMinor: 1_999)],
                        occurredAt: clock.now), at: clock.now)
            }
            #expect(try await first.daemon.daemon.engine.runDueFollowUps() == 0, "nothing is due yet")
        }
        let watches = try #require(try await first.store.transaction { try $0.liveWatches(afterID: 0, limit: 10) })
        #expect(watches.map(\.state) == [.notified, .notified, .notified])
        let ada = watches[0].id

        // A second daemon on the same database, after the window: each check runs once.
        clock.advance(seconds: 2 * 86_400)
        let second = try await TrackedShop(settings, clock: clock)
        #expect(try await second.daemon.daemon.engine.runDueFollowUps() == 3)
        #expect(try await second.daemon.daemon.engine.runDueFollowUps() == 0)
        let states = try await second.store.transaction { tx in try watches.map { try tx.watch(id: $0.id)?.state } }
        #expect(states == [.lapsed, .lapsed, .converted])
        #expect(
            try await second.store.transaction { try $0.counts() }.liveWatches == 0, "lapsed and converted watches end")

        // And a third start finds nothing left to do, and one check per watch, done.
        let third = try await TrackedShop(settings, clock: clock)
        #expect(try await third.daemon.daemon.engine.runDueFollowUps() == 0)
        let (checks, sentAt) = try await third.store.transaction { tx in
            (
                try tx.followUps(watchID: ada),
                try tx.outboxEntries(state: .sent, limit: 10).first { $0.items.first?.watchID == ada }?.sentAt
            )
        }
        #expect(checks.count == 1 && checks.first?.outcome == .lapsed && checks.first?.doneAt == clock.now)
        #expect(checks.first?.dueAt == sentAt?.adding(seconds: 2 * 86_400), "due one click window after sending")
    }
}
