import Foundation

/// Who the shop's emails come from, and where bounces go.
public struct MailerConfiguration: Sendable, Hashable {
    /// The `From:` header: the shop's address and name.
    public var from: MailAddress
    /// `MAIL FROM`, where bounces go; often a separate mailbox.
    public var bounceAddress: String
    /// The right side of every `Message-ID`: the sending domain, the one DKIM signs for.
    public var messageIDDomain: String
    /// The footer's name and postal address.
    public var shop: ShopIdentity
    /// The `mailto:` half of `List-Unsubscribe`, for clients that do not do RFC 8058.
    public var unsubscribeMailto: String?

    public init(
        from: MailAddress, bounceAddress: String? = nil, messageIDDomain: String? = nil, shop: ShopIdentity,
        unsubscribeMailto: String? = nil
    ) {
        self.from = from
        self.bounceAddress = bounceAddress ?? from.email
        self.messageIDDomain =
            messageIDDomain ?? from.email.split(separator: "@").last.map(String.init) ?? "localhost"
        self.shop = shop
        self.unsubscribeMailto = unsubscribeMailto
    }
}

/// Turns one notification into a signed message and hands it to the transport: templates →
/// MIME → DKIM → transport. The dispatcher calls it for each outbox row; `restockd send-test`
/// calls it with sample data.
public struct Mailer: Sendable {
    public let configuration: MailerConfiguration
    /// Replaced whole on reload.
    public let library: TemplateLibrary
    public let signer: DKIMSigner?
    public let transport: any MailTransport

    public var templates: TemplateSet { library.current }

    public init(
        configuration: MailerConfiguration, templates: TemplateSet, signer: DKIMSigner?, transport: any MailTransport
    ) {
        self.init(
            configuration: configuration, library: TemplateLibrary(templates), signer: signer, transport: transport)
    }

    public init(
        configuration: MailerConfiguration, library: TemplateLibrary, signer: DKIMSigner?, transport: any MailTransport
    ) {
        self.configuration = configuration
        self.library = library
        self.signer = signer
        self.transport = transport
    }

    /// The message for outbox row `outboxID`, rendered for `recipient`, signed when a signer is
    /// configured. The `Message-ID` derives from the row alone, so a resend after a crash is
    /// recognisably the same message. `List-Unsubscribe` is added only for an `https` link:
    /// RFC 8058 §3.1 allows no other for one-click, and a local `http://127.0.0.1` daemon
    /// has no link a mailbox provider could reach anyway.
    public func envelope(for input: TemplateInput, to recipient: MailAddress, outboxID: Int64, date: Date = Date())
        throws -> MailEnvelope
    {
        let rendered = templates.render(input)
        let messageID = MailMessage.messageID(outboxID: outboxID, domain: configuration.messageIDDomain)
        let message = MailMessage(
            from: configuration.from, to: recipient, subject: rendered.subject, textBody: rendered.text,
            htmlBody: rendered.html, messageID: messageID, date: date,
            listUnsubscribe: input.unsubscribeURL.hasPrefix("https://")
                ? ListUnsubscribe(url: input.unsubscribeURL, mailto: configuration.unsubscribeMailto) : nil)
        var data = try MessageComposer.compose(message)
        if let signer { data = try signer.sign(data, at: date) }
        return MailEnvelope(
            sender: configuration.bounceAddress, recipients: [recipient.email], data: data, messageID: messageID)
    }

    /// ``envelope(for:to:outboxID:date:)`` then the transport; returns the transport's reply.
    public func send(_ input: TemplateInput, to recipient: MailAddress, outboxID: Int64) async throws
        -> TransportReply
    {
        try await transport.send(envelope(for: input, to: recipient, outboxID: outboxID))
    }
}
