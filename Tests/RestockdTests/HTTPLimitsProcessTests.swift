import Foundation
import RestockTestSupport
import Testing

/// Nested in ``DaemonProcessTests`` (serialized): the connection limits of the real daemon, over
/// real sockets, with the deadlines set short. Each "closed" is awaited within a generous bound;
/// nothing here times the daemon.
extension DaemonProcessTests {
    @Suite struct HTTPLimits {
        func start(_ settings: [String: String] = [:]) async throws -> DaemonProcess {
            let daemon = try DaemonProcess(
                dataDirectory: NSTemporaryDirectory() + "restockd-limits-\(UUID().uuidString)",
                environment: environment.merging(settings) { $1 })
            try await Self.waitUntilReady(daemon)
            return daemon
        }

        /// `/readyz` over connections that close after the answer, so no client library keeps
        /// one open to count against the connection cap.
        static func waitUntilReady(_ daemon: DaemonProcess) async throws {
            let deadline = Date().addingTimeInterval(60)
            while Date() < deadline {
                if let connection = try? RawConnection(port: daemon.port) {
                    connection.send("GET /readyz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    if connection.readUntilClosed(timeout: 5).text.hasPrefix("HTTP/1.1 200") { return }
                }
                guard daemon.process.isRunning else { throw DaemonError("restockd exited:\n\(daemon.log)") }
                try await Task.sleep(for: .milliseconds(100))
            }
            throw DaemonError("restockd not ready:\n\(daemon.log)")
        }

        static let healthz = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"

        @Test func anIdleConnectionIsClosedAfterTheIdleTimeout() async throws {
            let daemon = try await start(["RESTOCK_HTTP_IDLE_TIMEOUT_SECONDS": "1"])
            defer { daemon.signal(SIGKILL) }
            let silent = try RawConnection(port: daemon.port)
            #expect(silent.readUntilClosed(timeout: 15).closed)
            let kept = try RawConnection(port: daemon.port)
            kept.send(Self.healthz)
            #expect(kept.read(until: "ok\n", timeout: 10).hasPrefix("HTTP/1.1 200"))
            #expect(kept.readUntilClosed(timeout: 15).closed, "a keep-alive connection left idle is closed")
        }

        @Test func aClientThatTricklesItsHeadersIsDisconnected() async throws {
            let daemon = try await start(["RESTOCK_HTTP_HEADER_TIMEOUT_SECONDS": "1"])
            defer { daemon.signal(SIGKILL) }
            let slow = try RawConnection(port: daemon.port)
            slow.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: a")
            var closed = false
            // One more byte every 200 ms: each would reset a plain idle timer (30 s here).
            for _ in 0..<75 where !closed {
                slow.send("a")
                closed = slow.readUntilClosed(timeout: 0.2).closed
            }
            #expect(closed, "still open after 15 s of trickled headers")
            #expect(try await self.answers(daemon), "the daemon still serves others")
        }

        @Test func aClientThatTricklesItsBodyIsDisconnected() async throws {
            let daemon = try await start(["RESTOCK_HTTP_BODY_TIMEOUT_SECONDS": "1"])
            defer { daemon.signal(SIGKILL) }
            let slow = try RawConnection(port: daemon.port)
            slow.send(
                "POST /v1/inventory HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 1000\r\n\r\n{")
            var closed = false
            for _ in 0..<75 where !closed {
                slow.send(" ")
                closed = slow.readUntilClosed(timeout: 0.2).closed
            }
            #expect(closed, "still open after 15 s of trickled body")
            #expect(try await self.answers(daemon))
        }

        @Test func oversizedHeadersAreRefusedAndTheConnectionClosed() async throws {
            let daemon = try await start(["RESTOCK_HTTP_MAX_HEADER_BYTES": "4096"])
            defer { daemon.signal(SIGKILL) }
            let big = try RawConnection(port: daemon.port)
            big.send(
                "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: \(String(repeating: "x", count: 8000))\r\n\r\n")
            let (answer, closed) = big.readUntilClosed(timeout: 15)
            #expect(answer.hasPrefix("HTTP/1.1 400"), "\(answer)")
            #expect(closed)
            let longURL = try RawConnection(port: daemon.port)
            longURL.send("GET /t/o/\(String(repeating: "a", count: 8000)) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            #expect(longURL.readUntilClosed(timeout: 15).text.hasPrefix("HTTP/1.1 400"))
            let fine = try RawConnection(port: daemon.port)
            fine.send(
                "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Fine: \(String(repeating: "x", count: 3000))\r\n\r\n")
            #expect(fine.read(until: "ok\n", timeout: 10).hasPrefix("HTTP/1.1 200"))
        }

        @Test func connectionsBeyondTheCapAreClosedWhileOpenOnesAreServed() async throws {
            let daemon = try await start(["RESTOCK_HTTP_MAX_CONNECTIONS": "4"])
            defer { daemon.signal(SIGKILL) }
            // The readiness probe's connection closes with its answer; let the count settle.
            try await Task.sleep(for: .milliseconds(500))
            var open: [RawConnection] = []
            for _ in 0..<4 {
                let connection = try RawConnection(port: daemon.port)
                connection.send(Self.healthz)
                #expect(connection.read(until: "ok\n", timeout: 10).hasPrefix("HTTP/1.1 200"))
                open.append(connection)
            }
            for _ in 0..<3 {
                let extra = try RawConnection(port: daemon.port)
                extra.send(Self.healthz)
                let (answer, closed) = extra.readUntilClosed(timeout: 15)
                #expect(closed && answer.isEmpty, "a fifth connection was served: \(answer)")
            }
            open[0].send(Self.healthz)
            #expect(open[0].read(until: "ok\n", timeout: 10).hasPrefix("HTTP/1.1 200"))
            open.removeLast()
            try await Task.sleep(for: .milliseconds(500))
            #expect(try await self.answers(daemon), "a freed slot takes a new connection")
        }

        @Test func anExtremeWebhookTimestampIsRefusedAndTheDaemonLives() async throws {
            let daemon = try await start()
            defer { daemon.signal(SIGKILL) }
            for timestamp in ["-9223372036854775808", "9223372036854775807", "99999999999999999999"] {
                let (status, _) = try await HTTP.request(
                    "POST", daemon.baseURL + "/v1/inventory",
                    headers: [
                        "webhook-id": "msg_1", "webhook-timestamp": timestamp,
                        "webhook-signature": "v1," + Data(count: 32).base64EncodedString(),
                        "content-type": "application/json",
                    ], body: Data(#"{"variant_id":"v1","available":1}"#.utf8))
                #expect(status == 401)
            }
            #expect(daemon.process.isRunning)
            #expect(try await self.answers(daemon))
        }

        @Test func behindATrustedProxyIPv6ClientsCountByTheirSlash64() async throws {
            let daemon = try await start([
                "RESTOCK_HTTP_TRUSTED_PROXIES": "127.0.0.1", "RESTOCK_HTTP_RATE_LIMIT_LINKS_PER_MINUTE": "2",
            ])
            defer { daemon.signal(SIGKILL) }
            func status(_ client: String) async throws -> Int {
                try await HTTP.request("GET", daemon.baseURL + "/u/x", headers: ["X-Forwarded-For": client]).status
            }
            #expect(try await status("2001:db8:1:2::1") == 404)
            #expect(try await status("2001:db8:1:2:ffff::9") == 404)
            #expect(try await status("2001:db8:1:2::abcd") == 429, "a third address of the same /64 is the same client")
            #expect(try await status("2001:db8:1:3::1") == 404, "another /64 is another client")
            #expect(try await status("192.0.2.1") == 404)
            #expect(try await status("::ffff:192.0.2.1") == 404)
            #expect(try await status("192.0.2.1") == 429, "an IPv4-mapped address is the IPv4 client")
        }

        /// A fresh connection gets `/healthz` answered.
        func answers(_ daemon: DaemonProcess) async throws -> Bool {
            let connection = try RawConnection(port: daemon.port)
            connection.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            return connection.readUntilClosed(timeout: 10).text.hasPrefix("HTTP/1.1 200")
        }
    }
}
