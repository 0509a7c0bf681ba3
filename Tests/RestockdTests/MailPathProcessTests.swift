import Foundation
import RestockCore
import RestockTestSupport
import Testing

/// Nested in ``DaemonProcessTests``, whose `.serialized` covers them too: real daemons, a real
/// SMTP server, real signals.
extension DaemonProcessTests {
    @Suite struct MailPath {
        /// Recipient → how many copies the server received.
        func copies(in server: SMTPTestServer) throws -> [String: Int] {
            var copies: [String: Int] = [:]
            for message in try server.messages() {
                let text = String(decoding: message, as: UTF8.self)
                let to = text.split(whereSeparator: \.isNewline).first { $0.hasPrefix("To: ") }.map { $0.dropFirst(4) }
                copies[String(to ?? "?"), default: 0] += 1
            }
            return copies
        }

        func occurrences(of text: String, in log: String) -> Int { log.components(separatedBy: text).count - 1 }

        /// Two daemons on one PostgreSQL. A claims the messages, is stopped mid-send until its
        /// lease has long passed; B claims and sends them; A wakes to the relay's reply. A's
        /// marks are refused and logged, the rows keep B's outcome, and no message reaches the
        /// server more than twice (A's copy in flight, and B's).
        @Test(.enabled(if: StoreKind.enabled.contains(.postgres), "needs RESTOCK_TEST_POSTGRES_URL"))
        func aDaemonWokenAfterItsLeaseCannotOverwriteTheNewOwnersOutcome() async throws {
            try await withTestStore(.postgres) { made in
                let url = try #require(made.url)
                try await DaemonProcessTests.populate(made.store, variant: "v-fence", count: 3) {
                    "fence\($0)@example.com"
                }
                let server = try SMTPTestServer(options: .init(holdFirstMessage: true))
                defer { server.stop() }
                func start(_ name: String) throws -> DaemonProcess {
                    try DaemonProcess(
                        dataDirectory: NSTemporaryDirectory() + "restockd-fence-\(name)-\(UUID().uuidString)",
                        environment: environment.merging(["RESTOCK_STORE_URL": url]) { $1 },
                        arguments: [
                            "--set", "restock.mail.url=\(server.url)", "--set", "restock.mail.tls=never",
                            "--set", "restock.mail.from=shop@shop.example", "--set", "restock.mail.connections=1",
                            "--set", "restock.mail.leaseSeconds=5",
                        ])
                }
                let a = try start("a")
                try await a.waitUntilReady()
                try await DaemonProcessTests.restock(a, variant: "v-fence", available: 3, id: "fence-1")
                try await DaemonProcessTests.waitFor("A to send its first message", timeout: 30, log: { a.log }) {
                    server.isHolding()
                }
                a.signal(SIGSTOP)

                // B finds A's rows once A's lease has run out, and sends them all.
                let b = try start("b")
                try await b.waitUntilReady()
                try await DaemonProcessTests.waitFor("B to send every message", timeout: 60, log: { b.log }) {
                    try await made.store.transaction { try $0.outboxEntries(state: .sent, limit: 10) }.count == 3
                }
                let byB = try await made.store.transaction { try $0.outboxEntries(state: nil, limit: 10) }
                #expect(byB.allSatisfy { $0.state == .sent && $0.leaseToken == 2 })

                // A wakes to the reply for the copy it had in flight.
                server.release()
                a.signal(SIGCONT)
                try await DaemonProcessTests.waitFor("A's mark to be refused", timeout: 30, log: { a.log }) {
                    a.log.contains("outbox mark refused")
                }
                // A graceful stop finishes whatever A had started.
                a.signal(SIGTERM)
                #expect(try await a.waitForExit() == 0)
                b.signal(SIGTERM)
                #expect(try await b.waitForExit() == 0)

                let rows = try await made.store.transaction { try $0.outboxEntries(state: nil, limit: 10) }
                #expect(rows == byB, "A overwrote the outcome B recorded")
                let received = try copies(in: server)
                #expect(received.count == 3, "every watcher got the email: \(received)")
                #expect(received.values.allSatisfy { (1...2).contains($0) }, "a message went out a third time")
                let refused = occurrences(of: "outbox mark refused", in: a.log)
                #expect(refused >= 1)
                #expect(received.values.reduce(0, +) - 3 == refused, "every second copy is one of A's refused marks")
                #expect(!b.log.contains("outbox mark refused"))
            }
        }
    }
}
