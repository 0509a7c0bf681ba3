/// One composed message on its way out: the envelope an SMTP server sees (`MAIL FROM`,
/// `RCPT TO`) and the bytes after `DATA`, already signed.
public struct MailEnvelope: Sendable, Hashable {
    /// The bounce address (`MAIL FROM`), which may differ from the `From:` header.
    public var sender: String
    public var recipients: [String]
    /// The whole message, headers and body, lines ending in CRLF, each at most 998 octets.
    public var data: [UInt8]
    /// The `Message-ID` without angle brackets, for logs and for naming files.
    public var messageID: String

    public init(sender: String, recipients: [String], data: [UInt8], messageID: String) {
        self.sender = sender
        self.recipients = recipients
        self.data = data
        self.messageID = messageID
    }
}

/// What the receiving side said about an accepted message (`250 2.0.0 Ok: queued as …`), or
/// where a file transport put it.
public struct TransportReply: Sendable, Hashable {
    public var code: Int
    public var text: String

    public init(code: Int, text: String) {
        self.code = code
        self.text = text
    }
}

/// Why a message was not accepted. The dispatcher decides from ``kind`` alone: retry later,
/// give up, give up and stop mailing the address, or, for a fault of the path, put the message
/// back and pause.
public struct TransportError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// A 4xx reply about this message (to its recipient or its data): try again later.
        case temporary
        /// A 5xx reply about this message (to its recipient or its data): do not retry.
        case permanent
        /// A 5xx reply that says the mailbox does not exist or is disabled: do not retry, and
        /// suppress the address for all later mail.
        case badMailbox
        /// The connection broke after the whole message was sent but before the server
        /// answered: it may or may not have been accepted.
        case ambiguous
        /// Not this message: the relay, the network or the disk (``PathFault``). Every message
        /// would fail alike, so none is failed for it.
        case path(PathFault.Reason)
    }

    public var kind: Kind
    /// The server's reply code, when there was one.
    public var code: Int?
    /// What the server or the library said; may name the recipient, so it is kept out of
    /// ``description``.
    public var detail: String

    public init(_ kind: Kind, code: Int? = nil, detail: String) {
        self.kind = kind
        self.code = code
        self.detail = detail
    }

    /// The fault of the path, for a ``Kind/path(_:)`` error.
    public var pathFault: PathFault? {
        guard case .path(let reason) = kind else { return nil }
        return PathFault(reason, code: code)
    }

    public var description: String {
        if let pathFault { return "mail transport: path fault: \(pathFault)" }
        return "mail transport: \(kind)\(code.map { " (reply \($0))" } ?? "")"
    }
}

/// Where composed messages go: an SMTP server (``SMTPTransport``) or files on disk
/// (``FileTransport``, the embedded default).
public protocol MailTransport: Sendable {
    /// `smtp`, `smtps` or `file`, for logs and `check-config`.
    var kind: String { get }
    /// Hands the message over; returns once the other side has accepted it.
    func send(_ envelope: MailEnvelope) async throws -> TransportReply
}
