extension HeaderText {
    /// Fields ``MessageComposer`` writes itself, or that belong to a later hop: an extra header
    /// with one of these names would make the message ambiguous (two `From`s) or break it (a
    /// second `Content-Type`).
    static let reservedNames: Set<String> = [
        "from", "to", "cc", "bcc", "reply-to", "sender", "subject", "date", "message-id",
        "mime-version", "content-type", "content-transfer-encoding", "list-unsubscribe",
        "list-unsubscribe-post", "dkim-signature", "return-path", "received",
    ]

    /// `Message-ID: <left@right>` with both sides `dot-atom-text` (RFC 5322 §3.6.4), the form
    /// every receiver parses; the domain-literal form is not needed for ids we make.
    static func messageID(_ id: String) throws(MailError) -> String {
        try rejectLineBreaks(id, field: "Message-ID")
        let sides = id.split(separator: "@", omittingEmptySubsequences: false)
        guard sides.count == 2, sides.allSatisfy(isDotAtom), id.utf8.count <= 900 else {
            throw MailError(.invalidMessageID, field: "Message-ID", details: id)
        }
        return "Message-ID: <\(id)>\r\n"
    }

    private static func isDotAtom(_ text: Substring) -> Bool {
        !text.isEmpty && text.first != "." && text.last != "." && !text.contains("..")
            && text.unicodeScalars.allSatisfy { $0 == "." || isAtext($0) }
    }

    /// `List-Unsubscribe: <https://…>, <mailto:…>` (RFC 2369 §3.2) and, because the URL is
    /// `https`, `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058 §3.1). The URL must
    /// not hold spaces, angle brackets or commas: RFC 2369 §2 requires literal commas to be
    /// encoded, since a comma separates the alternatives.
    static func listUnsubscribe(_ value: ListUnsubscribe) throws(MailError) -> String {
        let field = "List-Unsubscribe"
        try rejectLineBreaks(value.url, field: field)
        let urlIsSafe = value.url.unicodeScalars.allSatisfy {
            (0x21...0x7E).contains($0.value) && $0 != "<" && $0 != ">" && $0 != ","
        }
        guard value.url.lowercased().hasPrefix("https://"), value.url.utf8.count > 8, urlIsSafe else {
            throw MailError(.invalidHeader, field: field, details: value.url)
        }
        var tokens = ["<\(value.url)>"]
        if let mailto = value.mailto {
            let address = try MailAddress(email: mailto).validatedEmail(field: field)
            guard address.unicodeScalars.allSatisfy(\.isASCII) else {
                throw MailError(.invalidAddress, field: field, details: mailto)
            }
            tokens[0] += ","
            tokens.append("<mailto:\(address)>")
        }
        return try fold(field, tokens) + "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"
    }

    /// An extra header: a name of printable ASCII without `:` (RFC 5322 §3.6.8 `ftext`) that is
    /// not one we write, and an unstructured value.
    static func extra(_ header: MailHeader) throws(MailError) -> String {
        try rejectLineBreaks(header.name, field: "header name")
        let nameIsValid =
            !header.name.isEmpty && header.name.utf8.count <= 76
            && header.name.unicodeScalars.allSatisfy { (0x21...0x7E).contains($0.value) && $0 != ":" }
        guard nameIsValid, !reservedNames.contains(header.name.lowercased()) else {
            throw MailError(.invalidHeader, field: nameIsValid ? header.name : "header name", details: header.name)
        }
        return try unstructured(header.name, header.value)
    }
}
