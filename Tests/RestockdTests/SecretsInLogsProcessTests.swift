import Foundation
import RestockHTTP
import RestockTestSupport
import Testing

/// Nested in ``DaemonProcessTests`` (serialized): a full run of the real daemon at
/// `RESTOCK_LOG_LEVEL=trace`, with every secret configured and a relay that wants a password,
/// and then its whole output is searched for each secret, each token a mailed link carried,
/// and the shopper's address. None may appear, at any level.
extension DaemonProcessTests {
    @Suite struct SecretsInLogs {
        static let linkSecret = "link-secret-for-the-log-test-0123456789"
        static let relayUser = "relay-user"
        static let relayPassword = "relay-Pa55word-never-logged"
        static let shopper = "secret.shopper@example.com"

        @Test func aFullRunAtTraceLevelLogsNoSecretTokenOrAddress() async throws {
            let relay = try AuthSMTPTestServer(username: Self.relayUser, password: Self.relayPassword)
            defer { relay.stop() }
            let directory = NSTemporaryDirectory() + "restockd-secrets-\(UUID().uuidString)"
            // Plaintext AUTH to a loopback relay (the explicit opt-in): the only way aiosmtpd
            // takes a password here.
            let daemon = try DaemonProcess(
                dataDirectory: directory,
                environment: environment.merging(["RESTOCK_LOG_LEVEL": "trace"]) { $1 },
                arguments: [
                    "--set", "restock.mail.url=smtp://127.0.0.1:\(relay.port)", "--set", "restock.mail.tls=never",
                    "--set", "restock.mail.allowPlaintextAuth=true",
                    "--set", "restock.mail.username=\(Self.relayUser)",
                    "--set", "restock.mail.password=\(Self.relayPassword)",
                    "--set", "restock.links.secret=\(Self.linkSecret)",
                    "--set", "restock.mail.from=shop@shop.example", "--set", "restock.mail.bounce=bounces@shop.example",
                    "--set", "restock.shop.name=Wool & Co", "--set", "restock.shop.address=1 Market Street, Leeds",
                    "--set", "restock.http.publicURL=https://restock.shop.example",
                ])
            defer { daemon.signal(SIGKILL) }
            try await daemon.waitUntilReady()
            let admin = ["authorization": "Bearer \(token)", "content-type": "application/json"]

            let (subscribed, _) = try await HTTP.request(
                "POST", daemon.baseURL + "/v1/watches", headers: admin,
                body: Data(
                    #"{"email":"\#(Self.shopper)","variant_id":"v-log","product_title":"Merino socks","url":"https://shop.example/p/socks"}"#
                        .utf8))
            #expect(subscribed == 202)
            #expect(try await signedDelivery(#"{"variant_id":"v-log","available":3}"#, to: daemon) == 200)

            let deadline = Date().addingTimeInterval(30)
            while try relay.messages().isEmpty, Date() < deadline { try await Task.sleep(for: .milliseconds(100)) }
            let message = try #require(try relay.messages().first, "no mail reached the relay:\n\(daemon.log)")
            #expect(relay.logins() >= 1, "the relay's password was used")
            let tokens = Self.linkTokens(in: message)
            #expect(
                tokens.keys.contains("t/o") && tokens.keys.contains("t/c") && tokens.keys.contains("u"), "\(tokens)")

            // The shopper opens, clicks, and unsubscribes; a forger is refused.
            for token in tokens["t/o"] ?? [] { _ = try await HTTP.request("GET", daemon.baseURL + "/t/o/" + token) }
            var secrets = tokens.values.flatMap { $0 }
            for token in tokens["t/c"] ?? [] {
                let click = try RawConnection(port: daemon.port)
                click.send("GET /t/c/\(token)?utm_source=mail HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                let answer = click.readUntilClosed(timeout: 10).text
                #expect(answer.hasPrefix("HTTP/1.1 302"), "\(answer)")
                // The attribution token the redirect adds is a secret too.
                if let match = answer.firstMatch(of: /restock=([A-Za-z0-9_-]+)/) { secrets.append(String(match.1)) }
            }
            for token in tokens["u"] ?? [] {
                #expect(try await HTTP.request("GET", daemon.baseURL + "/u/" + token).status == 200)
                #expect(try await HTTP.request("POST", daemon.baseURL + "/u/" + token).status == 200)
            }
            var forged = try await signedDelivery(#"{"variant_id":"v-log","available":9}"#, to: daemon, secret: "x")
            #expect(forged == 401)
            forged = try await HTTP.request(
                "GET", daemon.baseURL + "/report",
                headers: ["authorization": "Basic " + Data("shop:\(token)".utf8).base64EncodedString()]
            ).status
            #expect(forged == 200)

            daemon.signal(SIGTERM)
            #expect(try await daemon.waitForExit() == 0)
            let log = daemon.log
            #expect(log.contains("request"), "trace logging was on and requests were logged:\n\(log)")
            let plain = Data("\u{0}\(Self.relayUser)\u{0}\(Self.relayPassword)".utf8).base64EncodedString()
            let named: [(String, String)] = [
                ("admin token", token), ("webhook secret", secret),
                ("webhook secret's key", String(secret.dropFirst(6))),
                ("link secret", Self.linkSecret), ("relay password", Self.relayPassword),
                ("relay password as AUTH PLAIN", plain), ("shopper's address", Self.shopper),
                ("relay password as AUTH LOGIN", Data(Self.relayPassword.utf8).base64EncodedString()),
            ]
            #expect(!log.contains("utm_source"), "a query string was logged")
            for (name, value) in named + secrets.map({ ("link token", $0) }) {
                #expect(!log.contains(value), "the log holds the \(name) \(value)")
            }
        }

        /// The tokens of every Restock link in the message, by route, read from the raw message
        /// with quoted-printable soft line breaks undone.
        static func linkTokens(in message: String) -> [String: Set<String>] {
            let text = message.replacingOccurrences(of: "=\r\n", with: "").replacingOccurrences(of: "=3D", with: "=")
            var tokens: [String: Set<String>] = [:]
            for match in text.matches(of: /restock\.shop\.example\/(t\/o|t\/c|u|r|c)\/([A-Za-z0-9_-]{16,})/) {
                tokens[String(match.1), default: []].insert(String(match.2))
            }
            return tokens
        }

        func signedDelivery(_ body: String, to daemon: DaemonProcess, secret: String = secret) async throws -> Int {
            let id = "log-\(UUID().uuidString)"
            let seconds = Int64(Date().timeIntervalSince1970)
            return try await HTTP.request(
                "POST", daemon.baseURL + "/v1/inventory",
                headers: [
                    "webhook-id": id, "webhook-timestamp": String(seconds), "content-type": "application/json",
                    "webhook-signature": StandardWebhookVerifier.sign(
                        secret: secret, id: id, timestamp: seconds, body: Data(body.utf8)),
                ], body: Data(body.utf8)
            ).status
        }
    }
}
