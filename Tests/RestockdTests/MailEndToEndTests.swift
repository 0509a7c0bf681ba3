import Foundation
import RestockHTTP
import RestockTestSupport
import Testing

/// Nested in ``DaemonProcessTests``, whose `.serialized` covers them too: each runs a real
/// daemon under load, and two such tests side by side on two cores starve each other.
extension DaemonProcessTests {
    /// The whole main job, on the real binary: shoppers subscribe over HTTP, the shop reports a
    /// restock and a sell-out by webhook, and a real SMTP server (aiosmtpd) receives signed,
    /// personalized mail whose re-subscribe links work.
    @Suite struct MailEndToEnd {
        static let variant = "v-socks"
        static let shoppers = ["ada@example.com": "en", "jan@example.com": "pl", "zoe@example.com": "en"]
        static let admin = ["authorization": "Bearer \(token)", "content-type": "application/json"]

        /// The generic inventory webhook, signed.
        func inventory(_ available: Int, id: String, to url: String) async throws -> Int {
            let body = Data(#"{"variant_id":"\#(Self.variant)","available":\#(available)}"#.utf8)
            let seconds = Int64(Date().timeIntervalSince1970)
            return try await HTTP.request(
                "POST", url + "/v1/inventory",
                headers: [
                    "webhook-id": id, "webhook-timestamp": String(seconds), "content-type": "application/json",
                    "webhook-signature": StandardWebhookVerifier.sign(
                        secret: secret, id: id, timestamp: seconds, body: body),
                ], body: body
            ).status
        }

        /// Waits until the server holds `count` messages, then a little longer, so one too many
        /// would show; returns the new ones.
        func messages(_ count: Int, from server: SMTPTestServer, after old: Int, _ daemon: DaemonProcess)
            async throws -> [[UInt8]]
        {
            let deadline = Date().addingTimeInterval(30)
            while try server.messages().count < old + count, Date() < deadline {
                try await Task.sleep(for: .milliseconds(50))
            }
            try await Task.sleep(for: .milliseconds(700))
            let all = try server.messages()
            #expect(all.count == old + count, "expected \(count) new messages:\n\(daemon.log)")
            return Array(all.dropFirst(old))
        }

        struct Received {
            var to: String
            var subject: String
            var text: String
            var html: String
        }

        /// Each message parsed by Python's `email` with no defects, and its DKIM signature verified
        /// by dkimpy.
        func check(_ messages: [[UInt8]], publicKey: String) async throws -> [String: Received] {
            var received: [String: Received] = [:]
            for message in messages {
                let parsed = try await PythonMailCheck.parse(message)
                #expect(parsed.defects.isEmpty, "\(parsed.defects)")
                let dkim = try await PythonMailCheck.verifyDKIM(
                    message, records: ["s2026": "v=DKIM1; k=rsa; p=\(publicKey)"])
                #expect(dkim.results == [true], "\(dkim.log)")
                #expect(parsed.listUnsubscribePost == "List-Unsubscribe=One-Click")
                let to = try #require(parsed.to?.address)
                #expect(received[to] == nil, "two messages to \(to)")
                received[to] = Received(
                    to: to, subject: parsed.subject ?? "", text: parsed.body("text/plain") ?? "",
                    html: parsed.body("text/html") ?? "")
            }
            return received
        }

        @Test(arguments: processStores)
        func shoppersHearOfTheRestockAndTheSellOutAndKeepTheirPlace(kind: StoreKind) async throws {
            try await withTestStore(kind, migrated: false) { made in
                let server = try SMTPTestServer()
                defer { server.stop() }
                let scratch = try SendTestCommandTests.scratch()
                let key = try await SendTestCommandTests.dkimKey(in: scratch)
                let daemon = try DaemonProcess(
                    dataDirectory: scratch.path + "/data",
                    environment: environment.merging(["RESTOCK_STORE_URL": try #require(made.url)]) {
                        $1
                    },
                    arguments: SendTestCommandTests.mailSettings(server, key: key.file))
                defer { daemon.signal(SIGKILL) }
                try await daemon.waitUntilReady()

                for (email, locale) in Self.shoppers.sorted(by: { $0.key < $1.key }) {
                    let (status, _) = try await HTTP.request(
                        "POST", daemon.baseURL + "/v1/watches", headers: Self.admin,
                        body: Data(
                            #"{"email":"\#(email)","variant_id":"\#(Self.variant)","locale":"\#(locale)","product_title":"Merino socks","url":"https://shop.example/p/socks","price":"19.99","currency":"EUR"}"#
                                .utf8))
                    #expect(status == 202)
                }
                #expect(try await inventory(10, id: "restock-1", to: daemon.baseURL) == 200)
                let restocked = try await check(
                    try await messages(3, from: server, after: 0, daemon), publicKey: key.publicKey)
                #expect(Set(restocked.keys) == Set(Self.shoppers.keys))
                #expect(restocked["ada@example.com"]?.subject == "Merino socks is back in stock")
                #expect(restocked["jan@example.com"]?.subject == "Merino socks jest znów w sprzedaży")
                #expect(restocked.values.allSatisfy { $0.text.contains("19.99") || $0.text.contains("19,99") })

                #expect(try await inventory(0, id: "sold-out-1", to: daemon.baseURL) == 200)
                let soldOut = try await check(
                    try await messages(3, from: server, after: 3, daemon), publicKey: key.publicKey)
                #expect(Set(soldOut.keys) == Set(Self.shoppers.keys))
                #expect(soldOut["zoe@example.com"]?.subject == "Merino socks sold out again")
                #expect(soldOut["jan@example.com"]?.subject == "Merino socks – znów brak w sprzedaży")

                // Zoë keeps her place: the link in the plain-text part, followed on the running daemon.
                let text = try #require(soldOut["zoe@example.com"]?.text)
                let match = try #require(
                    text.firstMatch(of: /https:\/\/restock\.shop\.example(\/r\/[A-Za-z0-9_-]{39})/))
                #expect(soldOut["zoe@example.com"]?.html.contains(String(match.0)) == true)
                let (page, pageBody) = try await HTTP.request("GET", daemon.baseURL + match.1)
                #expect(page == 200 && String(decoding: pageBody, as: UTF8.self).contains("<form method=\"post\">"))
                let (kept, _) = try await HTTP.request("POST", daemon.baseURL + match.1)
                #expect(kept == 200)

                // The next restock reaches Zoë only: the others did not ask to stay in the queue.
                #expect(try await inventory(4, id: "restock-2", to: daemon.baseURL) == 200)
                let again = try await check(
                    try await messages(1, from: server, after: 6, daemon), publicKey: key.publicKey)
                #expect(Array(again.keys) == ["zoe@example.com"])

                daemon.signal(SIGTERM)
                #expect(try await daemon.waitForExit() == 0)
            }
        }
    }
}
