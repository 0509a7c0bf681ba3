#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Everything a back-in-stock email says, before it is turned into RFC 5322 bytes by
/// ``MessageComposer``.
public struct MailMessage: Sendable, Hashable {
    public var from: MailAddress
    public var to: MailAddress
    public var replyTo: MailAddress?
    /// Free text; encoded as RFC 2047 words when it is not plain ASCII.
    public var subject: String
    /// The `text/plain` alternative. Line breaks may be LF or CRLF; they are sent as CRLF.
    public var textBody: String
    /// The `text/html` alternative, shown by most clients.
    public var htmlBody: String
    /// `left@right` without angle brackets; see ``messageID(outboxID:domain:)``.
    public var messageID: String
    public var date: Date
    public var listUnsubscribe: ListUnsubscribe?
    /// Further headers (`X-Entity-Ref-ID`, `Feedback-ID`, …), written after ours in this order.
    public var extraHeaders: [MailHeader]

    public init(
        from: MailAddress, to: MailAddress, replyTo: MailAddress? = nil, subject: String,
        textBody: String, htmlBody: String, messageID: String, date: Date,
        listUnsubscribe: ListUnsubscribe? = nil, extraHeaders: [MailHeader] = []
    ) {
        self.from = from
        self.to = to
        self.replyTo = replyTo
        self.subject = subject
        self.textBody = textBody
        self.htmlBody = htmlBody
        self.messageID = messageID
        self.date = date
        self.listUnsubscribe = listUnsubscribe
        self.extraHeaders = extraHeaders
    }
}

/// Where a recipient unsubscribes with one click (RFC 2369 `List-Unsubscribe`, RFC 8058
/// `List-Unsubscribe-Post`).
///
/// Gmail and Yahoo require both headers from bulk senders since 2024, and RFC 8058 §3.1 requires
/// an `https` URL that unsubscribes on a bare POST, with no further page.
public struct ListUnsubscribe: Sendable, Hashable {
    /// An `https://` URL that unsubscribes on `POST` with body `List-Unsubscribe=One-Click`.
    public var url: String
    /// An address that unsubscribes whoever writes to it, for clients without one-click support.
    public var mailto: String?

    public init(url: String, mailto: String? = nil) {
        self.url = url
        self.mailto = mailto
    }
}

/// One extra header field. Names we write ourselves are refused, so a caller cannot send two
/// `From` fields or a second `Content-Type`.
public struct MailHeader: Sendable, Hashable {
    public var name: String
    /// Free text; encoded as RFC 2047 words when it is not plain ASCII.
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}
