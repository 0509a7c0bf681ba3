/// A mailbox as it appears in `From`, `To` or `Reply-To`: an address and an optional display
/// name.
///
/// The address is written between angle brackets exactly as given (normalize it first with
/// `EmailAddress.normalize`); the display name is free text, quoted or encoded as needed when the
/// header is written.
public struct MailAddress: Sendable, Hashable {
    /// `local@domain`, without angle brackets.
    public var email: String
    /// What a mail client shows instead of the address, for example the shop's name.
    public var displayName: String?

    public init(email: String, displayName: String? = nil) {
        self.email = email
        self.displayName = displayName
    }

    /// Characters that would end or confuse an `angle-addr` (RFC 5322 §3.4) if left in the
    /// address: we support the `dot-atom` form only, as `EmailAddress` does.
    private static let forbidden = Set("<>()[]\\,;:\" ".unicodeScalars)

    /// Whether ``email`` can go into a header as it is (``validatedEmail(field:)``): for
    /// configuration, so an address every message would be refused over stops start-up instead.
    public var isWritable: Bool { (try? validatedEmail(field: "")) != nil }

    /// Throws unless ``email`` can go between angle brackets as it is: one `@` with text on both
    /// sides, no whitespace, controls or specials. Non-ASCII is allowed (RFC 6532, SMTPUTF8).
    func validatedEmail(field: String) throws(MailError) -> String {
        try HeaderText.rejectLineBreaks(email, field: field)
        let scalars = email.unicodeScalars
        guard let at = scalars.firstIndex(of: "@"), at != scalars.startIndex,
            scalars.index(after: at) != scalars.endIndex,
            scalars[scalars.index(after: at)...].firstIndex(of: "@") == nil,
            !scalars.contains(where: { Self.forbidden.contains($0) || HeaderText.isControl($0) }),
            email.utf8.count <= 254
        else { throw MailError(.invalidAddress, field: field, details: email) }
        return email
    }
}
