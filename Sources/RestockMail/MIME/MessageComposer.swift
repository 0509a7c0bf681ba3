import Crypto
import RestockCore

#if canImport(Glibc)
    import Glibc
#endif

/// Writes a ``MailMessage`` as RFC 5322 bytes: CRLF line endings, every line at most 998 octets,
/// a `multipart/alternative` body with the plain-text part first and the HTML part last.
///
/// RFC 2046 §5.1.4 puts the alternatives "in increasing order of faithfulness to the original
/// content", so clients that can show HTML pick the last part and the others the text. The output
/// depends on the message alone (no clock, no random boundary), so a message re-sent after a
/// crash is the same bytes and the same DKIM body hash.
public enum MessageComposer {
    /// Returns the message bytes, or throws a ``MailError`` naming the field when a header value
    /// holds a line break (which would let it inject headers), an address or URL is malformed, or
    /// a value cannot be folded into lines of 998 octets.
    public static func compose(_ message: MailMessage) throws(MailError) -> [UInt8] {
        var head = try HeaderText.messageID(message.messageID)
        head += "Date: \(Timestamp(message.date).rfc5322)\r\n"
        head += try HeaderText.mailbox("From", message.from)
        head += try HeaderText.mailbox("To", message.to)
        if let replyTo = message.replyTo {
            head += try HeaderText.mailbox("Reply-To", replyTo)
        }
        head += try HeaderText.unstructured("Subject", message.subject)
        head += "MIME-Version: 1.0\r\n"
        if let listUnsubscribe = message.listUnsubscribe {
            head += try HeaderText.listUnsubscribe(listUnsubscribe)
        }
        for header in message.extraHeaders {
            head += try HeaderText.extra(header)
        }
        let parts = [
            ("text/plain", BodyEncoding(message.textBody)),
            ("text/html", BodyEncoding(message.htmlBody)),
        ]
        let boundary = boundary(for: message.messageID, avoiding: parts.map { $0.1.bytes })
        head += "Content-Type: multipart/alternative;\r\n boundary=\"\(boundary)\"\r\n\r\n"

        var bytes = Array(head.utf8)
        for (type, body) in parts {
            bytes += Array("--\(boundary)\r\n".utf8)
            bytes += Array("Content-Type: \(type); charset=utf-8\r\n".utf8)
            bytes += Array("Content-Transfer-Encoding: \(body.kind.rawValue)\r\n\r\n".utf8)
            bytes += body.bytes
            bytes += [13, 10]
        }
        bytes += Array("--\(boundary)--\r\n".utf8)
        return bytes
    }

    /// A boundary derived from the message id, checked against the encoded parts.
    ///
    /// It starts with `=_`, which neither encoding can produce (quoted-printable writes `=` only
    /// before two hex digits or a line break, base64 has no `_`), so the check never fails in
    /// practice; it is kept so that holds even if the encodings change. RFC 2046 §5.1.1: "the
    /// boundary delimiter MUST NOT appear inside any of the encapsulated parts".
    static func boundary(for messageID: String, avoiding parts: [[UInt8]]) -> String {
        var attempt = 0
        while true {
            let digest = SHA256.hash(data: Array("\(messageID)/\(attempt)".utf8))
            let hex = digest.prefix(12).map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
            let boundary = "=_restock_\(hex)"
            let delimiter = Array("--\(boundary)".utf8)
            if !parts.contains(where: { contains($0, delimiter) }) { return boundary }
            attempt += 1
        }
    }

    /// `memchr` to each candidate first byte, then `memcmp`: the byte-by-byte loop this replaced
    /// was a sixth of composing a message.
    private static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard let first = needle.first, haystack.count >= needle.count else { return false }
        return haystack.withUnsafeBytes { hay in
            needle.withUnsafeBytes { pin in
                let base = hay.baseAddress!
                var offset = 0
                let lastStart = hay.count - pin.count
                while offset <= lastStart {
                    guard let hit = memchr(base + offset, Int32(first), lastStart - offset + 1) else { return false }
                    offset = base.distance(to: UnsafeRawPointer(hit))
                    if memcmp(base + offset, pin.baseAddress!, pin.count) == 0 { return true }
                    offset += 1
                }
                return false
            }
        }
    }
}
