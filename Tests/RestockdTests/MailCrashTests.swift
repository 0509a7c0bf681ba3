import Foundation
import RestockCore
import RestockTestSupport
import Testing

/// Nested in ``DaemonProcessTests``, whose `.serialized` covers them too: each runs a real
/// daemon under load, and two such tests side by side on two cores starve each other.
extension DaemonProcessTests {
    /// SIGKILL in the middle of sending a big wave, then a restart, on the real binary and a real
    /// SMTP server: nothing is lost, and what is sent twice is only what was in flight, under the
    /// same Message-ID.
    @Suite struct MailCrash {
        static let watchers = 10_000
        static let connections = 4

        func start(_ directory: String, store url: String, server: SMTPTestServer) throws -> DaemonProcess {
            try DaemonProcess(
                dataDirectory: directory,
                environment: environment.merging(["RESTOCK_STORE_URL": url]) { $1 },
                arguments: [
                    "--set", "restock.mail.url=\(server.url)", "--set", "restock.mail.tls=never",
                    "--set", "restock.mail.from=shop@shop.example", "--set",
                    "restock.mail.connections=\(Self.connections)",
                    // A short lease, so the killed daemon's claimed rows come back within the test.
                    "--set", "restock.mail.leaseSeconds=5",
                ])
        }

        /// Recipient → the Message-IDs of every message the server got for them.
        func messageIDs(in server: SMTPTestServer) async throws -> [String: [String]] {
            let script = """
                import email.parser, json, os, sys
                folder = os.path.join(sys.argv[1], "messages")
                parser = email.parser.BytesHeaderParser()
                seen = {}
                for name in sorted(os.listdir(folder)):
                    if name.endswith(".eml"):
                        with open(os.path.join(folder, name), "rb") as f:
                            headers = parser.parse(f)
                        seen.setdefault(headers["To"], []).append(headers["Message-ID"].strip("<>"))
                print(json.dumps(seen))
                """
            let output: Data = try await PythonScript.run(script, input: [], arguments: [server.directory.path])
            return try JSONDecoder().decode([String: [String]].self, from: output)
        }

        @Test(arguments: processStores)
        func sigkillMidSendLosesNothingAndRepeatsOnlyWhatWasInFlight(kind: StoreKind) async throws {
            try await withTestStore(kind) { made in
                let url = try #require(made.url)
                try await DaemonProcessTests.populate(made.store, variant: "v-wave", count: Self.watchers) {
                    "shopper\($0)@example.com"
                }
                let server = try SMTPTestServer()
                defer { server.stop() }
                let directory = NSTemporaryDirectory() + "restockd-mail-crash-\(UUID().uuidString)"

                var daemon = try start(directory, store: url, server: server)
                try await daemon.waitUntilReady()
                try await DaemonProcessTests.restock(daemon, variant: "v-wave", available: Self.watchers, id: "wave-1")

                try await DaemonProcessTests.waitFor("a fifth of the wave to arrive", timeout: 120, log: { daemon.log })
                {
                    try server.messages().count >= Self.watchers / 5
                }
                daemon.signal(SIGKILL)
                _ = try await daemon.waitForExit()
                let atKill = try server.messages().count
                #expect(atKill < Self.watchers, "the kill must land mid-send")

                daemon = try start(directory, store: url, server: server)
                try await daemon.waitUntilReady()
                let admin = ["authorization": "Bearer \(token)"]
                try await DaemonProcessTests.waitFor("every row to be sent", timeout: 300, log: { daemon.log }) {
                    var open = 0
                    for state in ["queued", "sending"] {
                        let (_, data) = try await HTTP.request(
                            "GET", daemon.baseURL + "/v1/outbox?state=\(state)&limit=1", headers: admin)
                        open += (try JSONSerialization.jsonObject(with: data) as? [Any])?.count ?? 1
                    }
                    return open == 0
                }
                daemon.signal(SIGTERM)
                #expect(try await daemon.waitForExit() == 0)

                let received = try await messageIDs(in: server)
                #expect(received.count == Self.watchers, "every watcher got the email")
                let duplicates = received.values.reduce(0) { $0 + $1.count - 1 }
                // The daemon keeps two messages in flight per connection (MailSettings.dispatcher).
                #expect(duplicates <= 2 * Self.connections, "at most the messages in flight were sent twice")
                print("MailCrashTests \(kind): \(atKill) messages at the kill, \(duplicates) sent twice")
                #expect(received.values.allSatisfy { Set($0).count == 1 }, "a message sent twice keeps its Message-ID")
                let rows = try await made.store.transaction { try $0.outboxEntries(state: .sent, limit: 20_000) }
                #expect(rows.count == Self.watchers)
                // The outbox names the Message-ID each recipient got (counted, not listed: 10,000).
                let unmatched = Set(rows.compactMap(\.messageID)).symmetricDifference(
                    received.values.compactMap(\.first))
                #expect(unmatched.isEmpty, "\(unmatched.count) Message-IDs differ, e.g. \(unmatched.prefix(3))")
            }
        }
    }
}
