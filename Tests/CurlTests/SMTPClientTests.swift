import Curl
import Foundation
import RestockTestSupport
import Testing

/// SMTP submission through libcurl against a real SMTP server (aiosmtpd).
@Suite struct SMTPClientTests {
    static func message(_ n: Int, to recipient: String) -> [UInt8] {
        // A line starting with a dot: SMTP needs it doubled on the wire (RFC 5321 §4.5.2) and
        // the server takes it back out, so it arrives as written only if both sides did.
        Array(
            """
            From: shop@example.com\r
            To: \(recipient)\r
            Subject: message \(n)\r
            Message-ID: <restock.\(n)@example.com>\r
            \r
            .a line that starts with a dot\r
            body of message \(n)\r

            """.utf8)
    }

    @Test func oneConnectionCarriesAHundredMessagesIntact() async throws {
        let server = try SMTPTestServer()
        defer { server.stop() }
        let client = SMTPClient(configuration: SMTPConfiguration(url: server.url, tls: .never, connections: 1))
        var newConnections = 0
        for n in 0..<100 {
            let reply = try await client.send(
                sender: "bounce@example.com", recipients: ["ada@example.com"],
                data: Self.message(n, to: "ada@example.com"))
            #expect(reply.code == 250)
            #expect(reply.text.hasPrefix("250 2.0.0 Ok: queued as"))
            if reply.newConnection { newConnections += 1 }
        }
        #expect(newConnections == 1)
        #expect(try server.connections() == 1)
        let received = try server.messages()
        #expect(received.count == 100)
        #expect(received.first == Self.message(0, to: "ada@example.com"))
        #expect(received.last == Self.message(99, to: "ada@example.com"))
    }

    @Test func concurrentSendsUseAtMostTheConfiguredConnections() async throws {
        let server = try SMTPTestServer()
        defer { server.stop() }
        let client = SMTPClient(configuration: SMTPConfiguration(url: server.url, tls: .never, connections: 3))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for n in 0..<60 {
                group.addTask {
                    _ = try await client.send(
                        sender: "bounce@example.com", recipients: ["r\(n)@example.com"],
                        data: Self.message(n, to: "r\(n)@example.com"))
                }
            }
            try await group.waitForAll()
        }
        #expect(try server.messages().count == 60)
        #expect(try server.connections() <= 3)
    }

    @Test func refusalsCarryTheReplyCodeAndLine() async throws {
        let server = try SMTPTestServer()
        defer { server.stop() }
        let client = SMTPClient(configuration: SMTPConfiguration(url: server.url, tls: .never, connections: 1))
        let unknown = await #expect(throws: CurlError.self) {
            try await client.send(
                sender: "b@example.com", recipients: ["bad@example.com"], data: Self.message(1, to: "x"))
        }
        #expect(unknown?.responseCode == 550)
        #expect(unknown?.reply?.hasPrefix("550 5.1.1") == true)
        let later = await #expect(throws: CurlError.self) {
            try await client.send(
                sender: "b@example.com", recipients: ["temp1@example.com"], data: Self.message(2, to: "x"))
        }
        #expect(later?.responseCode == 451)
        // libcurl dropped the connection after the refusal; the next message makes a new one.
        let retried = try await client.send(
            sender: "b@example.com", recipients: ["temp1@example.com"], data: Self.message(2, to: "x"))
        #expect(retried.code == 250)
        #expect(try server.messages().count == 1)
    }

    @Test func aConnectionLostAfterTheFinalDotIsReportedAsMaybeDelivered() async throws {
        let server = try SMTPTestServer()
        defer { server.stop() }
        let client = SMTPClient(configuration: SMTPConfiguration(url: server.url, tls: .never, connections: 1))
        let lost = await #expect(throws: CurlError.self) {
            try await client.send(
                sender: "b@example.com", recipients: ["hangup@example.com"], data: Self.message(1, to: "x"))
        }
        #expect(lost?.sentWholeMessage == true)
        #expect(lost?.responseCode.map { (400..<600).contains($0) } != true)
        // The server did store it: this is why the dispatcher must not treat it as unsent.
        #expect(try server.messages().count == 1)
    }

    @Test func anUnreachableServerFailsToConnect() async throws {
        // A port nobody listens on: bind one, note it, close it.
        let port = DaemonProcess.freePort()
        let client = SMTPClient(
            configuration: SMTPConfiguration(
                url: "smtp://127.0.0.1:\(port)", tls: .never, connections: 1, connectTimeout: .seconds(2)))
        let error = await #expect(throws: CurlError.self) {
            try await client.send(
                sender: "b@example.com", recipients: ["a@example.com"], data: Self.message(1, to: "x"))
        }
        #expect(error?.code == 7)  // CURLE_COULDNT_CONNECT
        #expect(error?.sentWholeMessage == false)
    }
}
