import Foundation
import RestockMail

/// Composing a message whose subject, display names and an extra header come from outside:
/// names from the storefront, titles from catalog text, through the templates into the subject.
extension FuzzTarget {
    static let mailDate = Date(timeIntervalSince1970: 1_796_133_780)

    /// Input: subject, sender name, recipient name, reply-to name, extra header name, its value,
    /// text body, HTML body.
    ///
    /// A line break or NUL in any header value is refused; plain values of modest length are
    /// never refused. What is composed has CRLF lines of at most 998 octets, header bytes of
    /// printable ASCII, exactly the header fields expected (nothing injected), and a subject and
    /// display names that decode back to the text given.
    static func mimeHeader(_ input: FuzzInput) throws(FuzzFailure) {
        let fields = input.fields(8).map(FuzzInput.text)
        let (subject, fromName, toName, replyToName) = (fields[0], fields[1], fields[2], fields[3])
        let extra = fields[4].isEmpty ? nil : MailHeader(name: fields[4], value: fields[5])
        func mailbox(_ email: String, _ name: String) -> MailAddress {
            MailAddress(email: email, displayName: name.isEmpty ? nil : name)
        }
        let message = MailMessage(
            from: mailbox("news@shop.example", fromName), to: mailbox("jan@example.org", toName),
            replyTo: mailbox("help@shop.example", replyToName), subject: subject, textBody: fields[6],
            htmlBody: fields[7], messageID: "restock.42@shop.example", date: mailDate,
            listUnsubscribe: ListUnsubscribe(url: "https://shop.example/u/tok3n", mailto: "unsubscribe@shop.example"),
            extraHeaders: extra.map { [$0] } ?? [])

        let values = [subject, fromName, toName, replyToName] + (extra.map { [$0.name, $0.value] } ?? [])
        let breaksLine = values.contains { $0.unicodeScalars.contains { $0 == "\r" || $0 == "\n" || $0 == "\0" } }
        let plainExtra = extra.map { header in
            header.name.utf8.count <= 40 && header.name.hasPrefix("X-")
                && header.name.utf8.allSatisfy {
                    (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) || $0 == 0x2D
                }
        }
        let modest = [fromName, toName, replyToName].allSatisfy { $0.utf8.count <= 256 } && plainExtra ?? true
        let bytes: [UInt8]
        do {
            bytes = try MessageComposer.compose(message)
        } catch {
            try expect(breaksLine || !modest, "a plain message was refused: \(error)")
            return
        }
        try expect(!breaksLine, "a header value with a line break was composed")

        let header = try HeaderReader(bytes)
        var expected = ["Message-ID", "Date", "From", "To", "Reply-To", "Subject", "MIME-Version"]
        expected += ["List-Unsubscribe", "List-Unsubscribe-Post"] + (extra.map { [$0.name] } ?? []) + ["Content-Type"]
        try expect(header.fields.map(\.name) == expected, "header fields \(header.fields.map(\.name))")
        let subjectRead = HeaderReader.unstructured(header.value("Subject")![...])
        try expect(subjectRead == subject, "Subject reads \(subjectRead.debugDescription)")
        if let extra {
            let read = HeaderReader.unstructured(header.fields[9].value[...])
            try expect(read == extra.value, "\(extra.name) reads \(read.debugDescription)")
        }
        for (field, name) in [("From", fromName), ("To", toName), ("Reply-To", replyToName)] {
            let value = header.value(field)!
            guard !name.isEmpty else { continue }
            let phrase = value[..<(value.lastIndex(of: " ") ?? value.startIndex)]
            let read = try HeaderReader.phrase(phrase)
            try expect(read == name, "\(field) reads \(read.debugDescription)")
        }
        for line in bytes.split(separator: 10, omittingEmptySubsequences: false).dropLast() {
            try expect(line.last == 13, "a line of the message ends without CRLF")
            try expect(line.count <= 999, "a line of \(line.count - 1) octets")
            try expect(!line.dropLast().contains(13), "a bare CR in the message")
        }
        try expect(bytes.last == 10, "the message does not end with CRLF")
    }
}
