import Curl
import Foundation
import RestockCore
import RestockEngine
import RestockMail
import RestockTestSupport
import Testing

@testable import restockd

/// Faults of the path (a refused login, nothing listening, a full disk) against real parts: the
/// dispatcher pauses, probes with one message at a time, and sends everything once the path
/// works; no message is failed and no attempt is spent on the fault.
@Suite struct MailPauseTests {
    let shop = DispatcherTests()
    var clock: TestClock { shop.clock }

    func outbox(_ store: any RestockStore) async throws -> [OutboxEntry] { try await shop.outbox(store) }

    /// Every row sent once, with one attempt: the faults of the path cost none.
    func expectAllSentOnce(_ store: any RestockStore, count: Int) async throws {
        let rows = try await outbox(store)
        #expect(rows.count == count)
        #expect(rows.allSatisfy { $0.state == .sent }, "\(rows.map(\.state))")
        #expect(rows.allSatisfy { $0.attempts == 1 }, "\(rows.map(\.attempts))")
    }

    func status(_ dispatcher: Dispatcher, backlog: Int) -> String {
        StatusService.line(
            StoreCounts(liveWatches: 0, watchedVariants: 1, outboxBacklog: backlog, orders: 0),
            mailPause: dispatcher.pauseSummary)
    }

    @Test(arguments: StoreKind.enabled)
    func aRelayThatRefusesTheLoginPausesMailUntilItAcceptsIt(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            // One connection, so the logins come in a known order: the first three refused.
            let server = try SMTPTestServer(options: .init(requireLogin: true, rejectLogins: 3))
            defer { server.stop() }
            try await shop.restock(store, (0..<20).map { "shopper\($0)@example.com" })
            let transport = SMTPTransport(
                configuration: SMTPConfiguration(
                    url: server.url, username: "shop", password: "relay-secret", tls: .never, connections: 1,
                    allowPlaintextAuth: true))
            let dispatcher = try shop.dispatcher(store, transport: transport, concurrency: 2)

            // Both sends of the first round meet the refusal; the round starts no more and puts
            // everything back.
            let first = try await dispatcher.dispatchOnce()
            #expect(first.claimed == 20 && first.sent == 0 && first.failed == 0 && first.putBack == 20)
            #expect(dispatcher.pause?.fault == PathFault(.authentication, code: 535))
            #expect(
                status(dispatcher, backlog: 20).hasSuffix("; mail paused: relay refused login (535), retrying in 5 s"))
            #expect(try await dispatcher.dispatchOnce().paused)

            // The probe is refused too: the wait doubles.
            clock.advance(seconds: 5)
            let probe = try await dispatcher.dispatchOnce()
            #expect(probe.probe && probe.claimed == 1 && probe.putBack == 1)
            #expect(status(dispatcher, backlog: 20).hasSuffix("retrying in 10 s"))
            clock.advance(seconds: 5)
            #expect(try await dispatcher.dispatchOnce().paused)

            // The next probe logs in: mail resumes, and every message goes out.
            clock.advance(seconds: 5)
            let resumed = try await dispatcher.dispatchOnce()
            #expect(resumed.probe && resumed.sent == 1)
            #expect(dispatcher.pause == nil)
            #expect(!status(dispatcher, backlog: 19).contains("paused"))
            #expect(try await dispatcher.dispatchOnce().sent == 19)
            try await expectAllSentOnce(store, count: 20)
            #expect(try server.messages().count == 20)
            #expect(server.loginAttempts() == 4)
        }
    }

    /// A relay that offers no STARTTLS (or a path that strips it) while we hold credentials:
    /// nothing is sent, nothing fails, and the password never reaches the server.
    @Test func withCredentialsARelayWithoutSTARTTLSPausesMailAndGetsNoPassword() async throws {
        try await withStore(.sqliteMemory) { store in
            let server = try SMTPTestServer(options: .init(requireLogin: true))
            defer { server.stop() }
            try await shop.restock(store, ["ada@example.com"])
            let transport = SMTPTransport(
                configuration: SMTPConfiguration(url: server.url, username: "shop", password: "relay-secret"))
            let dispatcher = try shop.dispatcher(store, transport: transport)
            let round = try await dispatcher.dispatchOnce()
            #expect(round.putBack == 1 && round.failed == 0)
            #expect(dispatcher.pause?.fault.reason == .tls)
            #expect(status(dispatcher, backlog: 1).contains("mail paused: TLS with the relay failed"))
            #expect(try await outbox(store).map(\.state) == [.queued])
            #expect(server.loginAttempts() == 0)
            #expect(try server.messages().isEmpty)
        }
    }

    @Test func mailWaitsForARelayThatIsNotListeningYet() async throws {
        try await withStore(.sqliteMemory) { store in
            let port = DaemonProcess.freePort()
            try await shop.restock(store, (0..<5).map { "early\($0)@example.com" })
            let transport = SMTPTransport(
                configuration: SMTPConfiguration(url: "smtp://127.0.0.1:\(port)", tls: .never, connections: 2))
            let dispatcher = try shop.dispatcher(store, transport: transport)
            let first = try await dispatcher.dispatchOnce()
            #expect(first.sent == 0 && first.failed == 0 && first.putBack == 5)
            #expect(dispatcher.pause?.fault == PathFault(.connection))
            #expect(status(dispatcher, backlog: 5).contains("mail paused: relay unreachable, retrying in 5 s"))

            let server = try SMTPTestServer(port: port)
            defer { server.stop() }
            clock.advance(seconds: 5)
            #expect(try await dispatcher.dispatchOnce().sent == 1)
            #expect(dispatcher.pause == nil)
            #expect(try await dispatcher.dispatchOnce().sent == 4)
            try await expectAllSentOnce(store, count: 5)
        }
    }

    /// A message refused for itself while others wait on the path still fails alone, and the
    /// answer shows the path works.
    @Test func aRefusalOfOneRecipientEndsThePauseAndFailsOnlyThatMessage() async throws {
        try await withStore(.sqliteMemory) { store in
            let port = DaemonProcess.freePort()
            try await shop.restock(store, ["bad@example.com"])
            try await shop.restock(store, ["ada@example.com"], variant: "sku-2")
            let transport = SMTPTransport(
                configuration: SMTPConfiguration(url: "smtp://127.0.0.1:\(port)", tls: .never, connections: 1))
            let dispatcher = try shop.dispatcher(store, transport: transport, concurrency: 1)
            #expect(try await dispatcher.dispatchOnce().putBack == 2)
            let server = try SMTPTestServer(port: port)
            defer { server.stop() }
            clock.advance(seconds: 5)
            // The probe is the oldest: bad@, refused for its recipient.
            let probe = try await dispatcher.dispatchOnce()
            #expect(probe.probe && probe.failed == 1)
            #expect(dispatcher.pause == nil)
            #expect(try await dispatcher.dispatchOnce().sent == 1)
            let rows = try await outbox(store)
            #expect(rows.map(\.state).sorted { $0.rawValue < $1.rawValue } == [.failed, .sent])
        }
    }

    /// Needs root to mount a tmpfs; skipped elsewhere.
    @Test(.enabled(if: TinyDisk.available, "mounting a tmpfs needs root"))
    func aFullDiskPausesMailWrittenToFilesUntilThereIsRoomAgain() async throws {
        try await withStore(.sqliteMemory) { store in
            let disk = try TinyDisk(kilobytes: 256)
            defer { disk.unmount() }
            try disk.fill()
            try await shop.restock(store, (0..<3).map { "files\($0)@example.com" })
            let dispatcher = try shop.dispatcher(store, transport: FileTransport(directory: disk.path + "/mail"))
            let first = try await dispatcher.dispatchOnce()
            #expect(first.failed == 0 && first.putBack == 3)
            #expect(dispatcher.pause?.fault == PathFault(.disk))
            #expect(status(dispatcher, backlog: 3).contains("mail paused: mail directory not writable"))
            try disk.free()
            clock.advance(seconds: 5)
            #expect(try await dispatcher.dispatchOnce().sent == 1)
            #expect(try await dispatcher.dispatchOnce().sent == 2)
            try await expectAllSentOnce(store, count: 3)
            let files = try FileManager.default.contentsOfDirectory(atPath: disk.path + "/mail")
            #expect(files.filter { $0.hasSuffix(".eml") }.count == 3)
        }
    }
}
