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

        /// The relay refuses the login for a while (an expired password, then the new one): mail
        /// pauses, STATUS= says why, and once the login works every message goes out; none fails.
        /// The password never appears in the log, even at trace level.
        @Test func aRefusedRelayLoginPausesMailAndStatusSaysWhy() async throws {
            let server = try SMTPTestServer(options: .init(requireLogin: true, rejectLogins: 3))
            defer { server.stop() }
            let socket = try NotifySocket()
            let daemon = try DaemonProcess(
                dataDirectory: NSTemporaryDirectory() + "restockd-pause-\(UUID().uuidString)",
                environment: environment.merging(["NOTIFY_SOCKET": socket.address, "RESTOCK_LOG_LEVEL": "trace"]) {
                    $1
                },
                arguments: [
                    "--set", "restock.mail.url=\(server.url)", "--set", "restock.mail.tls=never",
                    "--set", "restock.mail.allowPlaintextAuth=true", "--set", "restock.mail.username=shop",
                    "--set", "restock.mail.password=relay-secret-0451", "--set", "restock.mail.from=shop@shop.example",
                    "--set", "restock.mail.connections=1",
                ])
            try await daemon.waitUntilReady()
            let admin = ["authorization": "Bearer \(token)", "content-type": "application/json"]
            for n in 0..<5 {
                let (status, _) = try await HTTP.request(
                    "POST", daemon.baseURL + "/v1/watches", headers: admin,
                    body: Data(#"{"email":"login\#(n)@example.com","variant_id":"v-login"}"#.utf8))
                #expect(status == 202)
            }
            try await DaemonProcessTests.restock(daemon, variant: "v-login", available: 5, id: "login-1")

            var statuses: [String] = []
            try await DaemonProcessTests.waitFor("every message to be sent", timeout: 90, log: { daemon.log }) {
                while let message = socket.next(timeout: 0.01) { statuses.append(message) }
                let (_, data) = try await HTTP.request(
                    "GET", daemon.baseURL + "/v1/outbox?state=sent&limit=10", headers: admin)
                return (try JSONSerialization.jsonObject(with: data) as? [Any])?.count == 5
            }
            let (_, failed) = try await HTTP.request("GET", daemon.baseURL + "/v1/outbox?state=failed", headers: admin)
            #expect(String(decoding: failed, as: UTF8.self) == "[]")
            let (_, metrics) = try await HTTP.request("GET", daemon.baseURL + "/metrics")
            let exposition = String(decoding: metrics, as: UTF8.self)
            daemon.signal(SIGTERM)
            #expect(try await daemon.waitForExit() == 0)

            #expect(
                statuses.contains { $0.contains("; mail paused: relay refused login (535), retrying in") },
                "\(statuses)")
            #expect(exposition.contains(#"restock_mail_path_faults_total{reason="auth"}"#))
            #expect(exposition.contains("restock_mail_paused 0"))
            #expect(try server.messages().count == 5)
            #expect(daemon.log.contains("mail paused") && daemon.log.contains("mail resumed"))
            // Neither the password nor the base64 of an AUTH PLAIN line carrying it.
            let plain = Data("\u{0}shop\u{0}relay-secret-0451".utf8).base64EncodedString()
            #expect(!daemon.log.contains("relay-secret-0451") && !daemon.log.contains(plain))
        }
    }
}
