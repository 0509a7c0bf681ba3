import Curl
import RestockTestSupport
import Testing

@testable import RestockMail

/// How the SMTP transport sorts what a real server (aiosmtpd) answers, which decides whether the
/// dispatcher retries, gives up, or stops mailing an address.
@Suite struct SMTPTransportTests {
    static func envelope(to recipient: String) -> MailEnvelope {
        MailEnvelope(
            sender: "bounce@shop.example", recipients: [recipient],
            data: Array("From: shop@shop.example\r\nTo: \(recipient)\r\nSubject: hi\r\n\r\nhello\r\n".utf8),
            messageID: "restock.1@shop.example")
    }

    static func transport(_ server: SMTPTestServer) -> SMTPTransport {
        SMTPTransport(configuration: SMTPConfiguration(url: server.url, tls: .never, connections: 1))
    }

    @Test func anAcceptedMessageReturnsTheServersReply() async throws {
        let server = try SMTPTestServer()
        defer { server.stop() }
        let reply = try await Self.transport(server).send(Self.envelope(to: "ada@example.com"))
        #expect(reply.code == 250)
        #expect(reply.text == "2.0.0 Ok: queued as 0")
        #expect(try server.messages().count == 1)
    }

    @Test(arguments: [
        ("temp1@example.com", TransportError.Kind.temporary, 451),
        ("bad@example.com", .badMailbox, 550),
        ("policy@example.com", .permanent, 550),
    ])
    func refusalsAreSortedByWhatTheyMean(recipient: String, kind: TransportError.Kind, code: Int) async throws {
        let server = try SMTPTestServer()
        defer { server.stop() }
        let error = await #expect(throws: TransportError.self) {
            try await Self.transport(server).send(Self.envelope(to: recipient))
        }
        #expect(error?.kind == kind)
        #expect(error?.code == code)
        // The address is in the detail for the operator's debug log, never in the description.
        #expect(error?.description.contains(recipient) == false)
    }

    @Test func aHangUpAfterTheMessageIsAmbiguousAndAnUnreachableServerTemporary() async throws {
        let server = try SMTPTestServer()
        defer { server.stop() }
        let hangUp = await #expect(throws: TransportError.self) {
            try await Self.transport(server).send(Self.envelope(to: "hangup@example.com"))
        }
        #expect(hangUp?.kind == .ambiguous)
        let nobody = SMTPTransport(
            configuration: SMTPConfiguration(
                url: "smtp://127.0.0.1:\(DaemonProcess.freePort())", tls: .never, connections: 1))
        let unreachable = await #expect(throws: TransportError.self) {
            try await nobody.send(Self.envelope(to: "ada@example.com"))
        }
        #expect(unreachable?.kind == .temporary)
    }

    @Test(arguments: [
        ("550 5.1.1 <x@example.com>: Recipient address rejected", "5.1.1"),
        ("552 5.2.2 Mailbox full", "5.2.2"),
        ("550 Requested action not taken", nil),
        ("550", nil),
    ])
    func enhancedStatusIsReadFromTheReplyLine(reply: String, status: String?) {
        #expect(SMTPTransport.enhancedStatus(of: reply) == status)
    }
}
