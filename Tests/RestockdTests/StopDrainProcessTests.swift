import Foundation
import RestockCore
import RestockTestSupport
import Testing

extension DaemonProcessTests {
    /// `systemctl stop` in the middle of a wave paced by a relay's quota: the daemon finishes the
    /// message it is sending and stops, within the unit's TimeoutStopSec=, instead of sending the
    /// rest of the batch it claimed first; what it did not send waits in the outbox, unsent and
    /// with no attempt counted, for the next start.
    @Suite struct StopDrain {
        static let watchers = 30

        @Test(arguments: processStores)
        func stoppingMidWaveSendsNoMoreThanWhatIsInFlight(kind: StoreKind) async throws {
            try await withTestStore(kind) { made in
                try await DaemonProcessTests.populate(made.store, variant: "v-paced", count: Self.watchers) {
                    "paced\($0)@example.com"
                }
                let server = try SMTPTestServer()
                defer { server.stop() }
                let daemon = try DaemonProcess(
                    dataDirectory: NSTemporaryDirectory() + "restockd-stop-drain-\(UUID().uuidString)",
                    environment: environment.merging(["RESTOCK_STORE_URL": try #require(made.url)]) { $1 },
                    arguments: [
                        "--set", "restock.mail.url=\(server.url)", "--set", "restock.mail.tls=never",
                        "--set", "restock.mail.from=shop@shop.example",
                        // One message a second: the whole claimed batch would take 30 s to send.
                        "--set", "restock.mail.ratePerSecond=1",
                    ])
                try await daemon.waitUntilReady()
                try await DaemonProcessTests.restock(daemon, variant: "v-paced", available: Self.watchers, id: "paced")
                try await DaemonProcessTests.waitFor("the first message", timeout: 60, log: { daemon.log }) {
                    try server.messages().count >= 1
                }
                daemon.signal(SIGTERM)
                #expect(try await daemon.waitForExit(timeout: 60) == 0, "\(daemon.log.suffix(2000))")

                let sent = try server.messages().count
                #expect(sent < Self.watchers / 2, "stopping sent \(sent) of \(Self.watchers): the drain sent on")
                let rows = try await made.store.transaction { try $0.outboxEntries(state: nil, limit: 100) }
                #expect(rows.count == Self.watchers)
                #expect(rows.filter { $0.state == .sent }.count == sent)
                #expect(rows.allSatisfy { $0.state != .sending }, "a row left claimed waits for its lease")
                let waiting = rows.filter { $0.state == .queued }
                #expect(waiting.count == Self.watchers - sent)
                #expect(waiting.allSatisfy { $0.attempts == 0 })
            }
        }
    }
}
