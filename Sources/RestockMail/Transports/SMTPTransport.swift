import Curl

/// Submits mail to an SMTP server through ``Curl``'s ``SMTPClient``: a few long-lived
/// connections, each reused for message after message.
///
/// Failures are sorted by what they are about (docs/ARCHITECTURE.md §5), which depends on the stage
/// that failed as much as on the reply code: a 535 to `AUTH` and a 550 to `RCPT TO` are both 5xx,
/// but the first makes every message fail and the second only this one. Faults of the *path* (no
/// connection, TLS, the login, the greeting, `MAIL FROM`, and 421 anywhere) pause the dispatcher
/// and fail nothing. Replies about the *message* (to `RCPT TO`, `DATA` and the final dot) retry it
/// on 4xx and fail it on 5xx; a 5xx whose enhanced status code (RFC 3463) says the mailbox does not
/// exist or is disabled means the address should get no more mail. A connection that breaks after
/// libcurl had sent the whole message, before the server's reply, is ambiguous: the server may have
/// queued it.
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

    /// libcurl's codes for a failed TLS handshake, certificate or `STARTTLS` (curl.h): SSL
    /// connect error, local certificate, cipher, peer verification, `USE_SSL` failed (no
    /// STARTTLS offered, or refused, when required), CA file, shutdown, CRL, issuer, pinned
    /// key, certificate status, client certificate.
    static let tlsCodes: Set<Int> = [35, 58, 59, 60, 64, 77, 80, 82, 83, 90, 91, 98]
    /// `CURLE_LOGIN_DENIED` (a refused `AUTH`, or no mechanism both sides know) and
    /// `CURLE_AUTH_ERROR`.
    static let loginCodes: Set<Int> = [67, 94]
    /// Replies that speak of the login whatever the stage: 530 authentication required (a
    /// relay that asks at `MAIL FROM`), 534 mechanism too weak, 535 credentials invalid, 538
    /// encryption required for the mechanism (RFC 4954), 454 temporary authentication failure.
    static let loginReplies: Set<Int> = [454, 530, 534, 535, 538]

    static func classify(_ error: CurlError) -> TransportError {
        let detail = String(reflecting: error)
        let code = error.responseCode
        func path(_ reason: PathFault.Reason) -> TransportError {
            TransportError(.path(reason), code: code, detail: detail)
        }
        if tlsCodes.contains(error.code) { return path(.tls) }
        if loginCodes.contains(error.code) || code.map(loginReplies.contains) == true { return path(.authentication) }
        // 421: "Service not available, closing transmission channel" (RFC 5321 §4.2.3), at
        // whichever command the relay chose to say it.
        if code == 421 { return path(.refused) }
        guard let code, (400..<600).contains(code) else {
            // No failure reply: a network error, a timeout, or the connection closed. Only the
            // last of these after the whole message went out can mean it was delivered.
            return error.sentWholeMessage
                ? TransportError(.ambiguous, detail: detail) : TransportError(.path(.connection), detail: detail)
        }
        switch error.stage ?? .message {
        case .connect, .hello, .startTLS, .auth: return path(.refused)
        case .mailFrom: return path(.sender)
        case .rcptTo, .data, .message:
            if code < 500 { return TransportError(.temporary, code: code, detail: detail) }
            let isBadMailbox = enhancedStatus(of: error.reply).map(badMailboxStatuses.contains) ?? false
            return TransportError(isBadMailbox ? .badMailbox : .permanent, code: code, detail: detail)
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
