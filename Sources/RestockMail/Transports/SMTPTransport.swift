import Curl

/// Submits mail to an SMTP server through ``Curl``'s ``SMTPClient``: a few long-lived
/// connections, each reused for message after message.
///
/// Replies are sorted the way the dispatcher needs them (DESIGN.md §5): 4xx is temporary; 5xx
/// is permanent, and a 5xx whose enhanced status code (RFC 3463) says the mailbox does not
/// exist or is disabled means the address should get no more mail. A connection that breaks
/// after libcurl had sent the whole message, before the server's reply, is ambiguous: the
/// server may have queued it.
public struct SMTPTransport: MailTransport {
    public let kind: String
    private let client: SMTPClient

    public init(configuration: SMTPConfiguration) {
        self.kind = configuration.url.hasPrefix("smtps:") ? "smtps" : "smtp"
        self.client = SMTPClient(configuration: configuration)
    }

    /// Connections opened so far; see ``SMTPClient/connectionsOpened``.
    public var connectionsOpened: Int { client.connectionsOpened }

    public func send(_ envelope: MailEnvelope) async throws -> TransportReply {
        do {
            let reply = try await client.send(
                sender: envelope.sender, recipients: envelope.recipients, data: envelope.data)
            // The line without its code, which the reply carries apart: `2.0.0 Ok: queued as 4Xyz`.
            let text = reply.text.hasPrefix("\(reply.code)") ? String(reply.text.dropFirst(4)) : reply.text
            return TransportReply(code: reply.code, text: text)
        } catch {
            throw Self.classify(error)
        }
    }

    /// RFC 3463 subjects that say the mailbox itself is the problem: 5.1.1 bad destination
    /// mailbox, 5.1.2 bad destination system, 5.1.3 bad mailbox syntax, 5.1.6 mailbox moved,
    /// 5.1.10 null MX (RFC 7505), 5.2.1 mailbox disabled. Not 5.7.x (policy, spam) nor
    /// 5.2.2 (mailbox full), which say nothing against the address.
    static let badMailboxStatuses: Set<String> = ["5.1.1", "5.1.2", "5.1.3", "5.1.6", "5.1.10", "5.2.1"]

    static func classify(_ error: CurlError) -> TransportError {
        let detail = String(reflecting: error)
        switch error.responseCode {
        case (400..<500)?:
            return TransportError(.temporary, code: error.responseCode, detail: detail)
        case (500..<600)?:
            let isBadMailbox = enhancedStatus(of: error.reply).map(badMailboxStatuses.contains) ?? false
            return TransportError(isBadMailbox ? .badMailbox : .permanent, code: error.responseCode, detail: detail)
        default:
            // No failure reply: a network error, a timeout, or the connection closed. Only the
            // last of these after the whole message went out can mean it was delivered.
            return TransportError(
                error.sentWholeMessage ? .ambiguous : .temporary, code: error.responseCode, detail: detail)
        }
    }

    /// The `class.subject.detail` code after the reply code (`550 5.1.1 …` → `5.1.1`).
    static func enhancedStatus(of reply: String?) -> String? {
        guard let reply else { return nil }
        let words = reply.split(separator: " ", maxSplits: 2)
        guard words.count >= 2 else { return nil }
        let candidate = words[1]
        let parts = candidate.split(separator: ".")
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) }) else { return nil }
        return String(candidate)
    }
}
