import Curl
import RestockTestSupport
import Testing

@testable import RestockMail

/// How the SMTP transport sorts what a real server (aiosmtpd) answers, which decides whether the
/// dispatcher retries, gives up, or stops mailing an address.
@Suite struct SMTPTransportTests {
    static func envelope(to recipient: String, from sender: String = "bounce@shop.example") -> MailEnvelope {
        MailEnvelope(
            sender: sender, recipients: [recipient],
            data: Array("From: shop@shop.example\r\nTo: \(recipient)\r\nSubject: hi\r\n\r\nhello\r\n".utf8),
            messageID: "restock.1@shop.example")
    }

    static func transport(_ server: SMTPTestServer) -> SMTPTransport {
        SMTPTransport(configuration: SMTPConfiguration(url: server.url, tls: .never, connections: 1))
    }

    /// Logs in over the clear loopback connection, as a local relay allows.
    static func loggingIn(_ server: SMTPTestServer) -> SMTPTransport {
        SMTPTransport(
            configuration: SMTPConfiguration(
                url: server.url, username: "shop", password: "relay-secret", tls: .never, connections: 1,
                allowPlaintextAuth: true))
    }

    static func refusal(_ transport: SMTPTransport, to recipient: String, from sender: String = "bounce@shop.example")
        async -> TransportError?
    {
        await #expect(throws: TransportError.self) {
            try await transport.send(Self.envelope(to: recipient, from: sender))
        }
    }

    @Test func anAcceptedMessageReturnsTheServersReply() async throws {
        let server = try SMTPTestServer()
        defer { server.stop() }
        let reply = try await Self.transport(server).send(Self.envelope(to: "ada@example.com"))
        #expect(reply.code == 250)
        #expect(reply.text == "2.0.0 Ok: queued as 0")
        #expect(try server.messages().count == 1)
    }

    /// Replies about this message: to its recipient, or to its data.
    @Test(arguments: [
        ("temp1@example.com", TransportError.Kind.temporary, 451),
        ("busy@example.com", .temporary, 450),
        ("bad@example.com", .badMailbox, 550),
        ("policy@example.com", .permanent, 550),
        ("spam@example.com", .permanent, 554),
    ])
    func refusalsOfTheMessageAreSortedByWhatTheyMean(recipient: String, kind: TransportError.Kind, code: Int)
        async throws
    {
        let server = try SMTPTestServer()
        defer { server.stop() }
        let error = await Self.refusal(Self.transport(server), to: recipient)
        #expect(error?.kind == kind)
        #expect(error?.code == code)
        #expect(error?.pathFault == nil)
        // The address is in the detail for the operator's debug log, never in the description.
        #expect(error?.description.contains(recipient) == false)
    }

    /// Replies about the path, at every stage before the recipient, and 421 at any: no message
    /// is to blame, and every one would meet the same.
    @Test func refusalsOfThePathAreFaultsOfThePathAtEveryStage() async throws {
        let busy = try SMTPTestServer(options: .init(greeting: "421 4.3.2 Too busy, try later"))
        defer { busy.stop() }
        let atGreeting = await Self.refusal(Self.transport(busy), to: "ada@example.com")
        #expect(atGreeting?.pathFault == PathFault(.refused, code: 421))

        let noService = try SMTPTestServer(options: .init(greeting: "554 5.3.2 No SMTP service here"))
        defer { noService.stop() }
        #expect(await Self.refusal(Self.transport(noService), to: "ada@example.com")?.pathFault?.reason == .refused)

        let server = try SMTPTestServer()
        defer { server.stop() }
        let sender = await Self.refusal(Self.transport(server), to: "ada@example.com", from: "tempsender@shop.example")
        #expect(sender?.pathFault == PathFault(.sender, code: 451))
        let badSender = await Self.refusal(
            Self.transport(server), to: "ada@example.com", from: "badsender@shop.example")
        #expect(badSender?.pathFault == PathFault(.sender, code: 553))
        let closing = await Self.refusal(Self.transport(server), to: "closing@example.com")
        #expect(closing?.pathFault == PathFault(.refused, code: 421))
        #expect(try server.messages().isEmpty)
    }

    @Test func aRefusedLoginIsAFaultOfThePathAndTheNextLoginGetsThrough() async throws {
        let server = try SMTPTestServer(options: .init(requireLogin: true, rejectLogins: 1))
        defer { server.stop() }
        let transport = Self.loggingIn(server)
        let refused = await Self.refusal(transport, to: "ada@example.com")
        #expect(refused?.pathFault == PathFault(.authentication, code: 535))
        let reply = try await transport.send(Self.envelope(to: "ada@example.com"))
        #expect(reply.code == 250)
        #expect(server.loginAttempts() == 2)
    }

    @Test func aRelayThatWantsALoginWeDoNotHaveIsAFaultOfThePath() async throws {
        let server = try SMTPTestServer(options: .init(requireLogin: true))
        defer { server.stop() }
        let refused = await Self.refusal(Self.transport(server), to: "ada@example.com")
        #expect(refused?.pathFault == PathFault(.authentication, code: 530))
    }

    /// `tls: auto` with credentials requires STARTTLS: a server that does not offer it (or a
    /// man in the middle who strips it) gets no login, and the message waits.
    @Test func credentialsNeverCrossAConnectionWithoutTLS() async throws {
        let server = try SMTPTestServer(options: .init(requireLogin: true))
        defer { server.stop() }
        let transport = SMTPTransport(
            configuration: SMTPConfiguration(
                url: server.url, username: "shop", password: "relay-secret", connections: 1))
        let refused = await Self.refusal(transport, to: "ada@example.com")
        #expect(refused?.pathFault?.reason == .tls)
        #expect(server.loginAttempts() == 0)
        #expect(try server.messages().isEmpty)
        // Credentials in the URL count the same.
        let inURL = SMTPTransport(
            configuration: SMTPConfiguration(url: "smtp://shop:relay-secret@127.0.0.1:\(server.port)", connections: 1))
        #expect(await Self.refusal(inURL, to: "ada@example.com")?.pathFault?.reason == .tls)
        #expect(server.loginAttempts() == 0)
    }

    @Test func aHangUpAfterTheMessageIsAmbiguousAndAnUnreachableServerAFaultOfThePath() async throws {
        let server = try SMTPTestServer()
        defer { server.stop() }
        let hangUp = await Self.refusal(Self.transport(server), to: "hangup@example.com")
        #expect(hangUp?.kind == .ambiguous)
        let nobody = SMTPTransport(
            configuration: SMTPConfiguration(
                url: "smtp://127.0.0.1:\(DaemonProcess.freePort())", tls: .never, connections: 1))
        let unreachable = await Self.refusal(nobody, to: "ada@example.com")
        #expect(unreachable?.pathFault == PathFault(.connection))
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
