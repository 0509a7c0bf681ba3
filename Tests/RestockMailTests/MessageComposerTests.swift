import Foundation
import RestockCore
import RestockTestSupport
import Testing

@testable import RestockMail

/// Composed messages as a receiving mail program reads them: each test hands the bytes to
/// Python's `email` parser and checks what a reader would see.
@Suite struct MessageComposerTests {
    /// Parses with Python and checks what every message must satisfy: no parser defects, CRLF
    /// everywhere, no line over 998 octets, both alternatives present in UTF-8.
    private func parsedCleanly(_ message: MailMessage) async throws -> PythonMailCheck.ParsedMail {
        let parsed = try await PythonMailCheck.parse(MessageComposer.compose(message))
        #expect(parsed.defects == [])
        #expect(parsed.allLinesEndInCRLF)
        #expect(parsed.longestLine <= 998)
        #expect(parsed.contentType == "multipart/alternative")
        #expect(parsed.parts.map(\.type) == ["text/plain", "text/html"])
        #expect(parsed.parts.allSatisfy { $0.charset == "utf-8" })
        return parsed
    }

    @Test func asciiMessageReadsAsWritten() async throws {
        let message = MailMessage.sample()
        let parsed = try await parsedCleanly(message)
        #expect(parsed.subject == message.subject)
        #expect(parsed.from?.name == "Acme Store")
        #expect(parsed.from?.address == "news@shop.example")
        #expect(parsed.to?.name == "Jan Kowalski")
        #expect(parsed.to?.address == "jan@example.org")
        #expect(parsed.replyTo?.address == "help@shop.example")
        #expect(parsed.messageID == "<restock.42@shop.example>")
        #expect(parsed.headers["MIME-Version"] == "1.0")
        #expect(parsed.body("text/plain") == message.textBody)
        #expect(parsed.body("text/html") == message.htmlBody)
        #expect(parsed.longestHeaderLine <= 78)
    }

    @Test func dateIsRFC5322InUTC() async throws {
        let parsed = try await parsedCleanly(.sample())
        #expect(parsed.dateHeader == "Tue, 01 Dec 2026 14:03:00 +0000")
        #expect(parsed.dateTimestamp == MailMessage.sampleDate.timeIntervalSince1970)
        #expect(Timestamp(microseconds: 951_782_400_000_000).rfc5322 == "Tue, 29 Feb 2000 00:00:00 +0000")
        #expect(Timestamp(microseconds: -1_000_000).rfc5322 == "Wed, 31 Dec 1969 23:59:59 +0000")
    }

    @Test(arguments: [
        ("Zażółć gęślą jaźń: koszula lniana wróciła", "Sklep Łódź", "Zofia Żółkiewska-Wiśniewska"),
        (
            "🎉 Back in stock 👕🔥 — grab it before it's gone again, only a few left in your size!",
            "Acme 🛍️ Store", "Emoji 👩‍👩‍👧‍👦 Family"
        ),
        (
            String(repeating: "Świetna wiadomość! ", count: 12),
            "Zofia Żółkiewska-Wiśniewska z Wielkopolskiego Sklepu Ogrodniczego Łódź",
            "J. R. \"Bob\" Smith, Jr."
        ),
        ("  spaced  out  ", "Plain Name", "Ann O'Neil (Sales)"),
        ("Looks like =?utf-8?Q?an_encoded_word?= but is not", "=?utf-8?B?Zm9v?=", "back\\slash"),
    ])
    func subjectsAndNamesDecodeToTheInput(subject: String, fromName: String, toName: String) async throws {
        let parsed = try await parsedCleanly(.sample(subject: subject, fromName: fromName, toName: toName))
        #expect(parsed.subject == subject)
        #expect(parsed.from?.name == fromName)
        #expect(parsed.from?.address == "news@shop.example")
        #expect(parsed.to?.name == toName)
        #expect(parsed.to?.count == 1)
        #expect(parsed.longestHeaderLine <= 78)
    }

    /// A name too long for one encoded word and with no ASCII word to split it at becomes
    /// adjacent encoded words; RFC 2047's decoder (as in Gmail or Apple Mail) joins them exactly.
    @Test func longUnspacedNameSplitsIntoEncodedWords() async throws {
        let name = String(repeating: "Ą", count: 80) + "🎉"
        let parsed = try await parsedCleanly(.sample(fromName: name))
        #expect(parsed.fromRFC2047 == "\(name) <news@shop.example>")
        #expect(parsed.from?.address == "news@shop.example")
        #expect(parsed.longestHeaderLine <= 78)
    }

    @Test func longAsciiSubjectFoldsUnder78Columns() async throws {
        let subject = (1...40).map { "word\($0)" }.joined(separator: " ")
        let parsed = try await parsedCleanly(.sample(subject: subject))
        #expect(parsed.subject == subject)
        #expect(parsed.longestHeaderLine <= 78)
    }

    @Test func awkwardBodiesDecodeExactly() async throws {
        let longHTMLLine = "<p>" + (1...400).map { "<span>\($0)</span>" }.joined() + "</p>"
        #expect(longHTMLLine.utf8.count > 998)
        let text = """
            Price = 49.99 PLN, discount =20%, a=b==c
            .
            .. a line of dots
            From here on, mbox would mangle this line
            trailing spaces   
            trailing tab\t
            \(String(repeating: "supercalifragilistic", count: 60))
            zażółć gęślą jaźń 🎉

            last line without newline
            """
        let html = "<html><body>\n\(longHTMLLine)\n<p>A&amp;B = \"quoted\" ✓</p>\n.\n</body></html>\n"
        let parsed = try await parsedCleanly(.sample(text: text, html: html))
        #expect(parsed.body("text/plain") == text)
        #expect(parsed.body("text/html") == html)
    }

    @Test func mostlyNonLatinBodyIsBase64() async throws {
        let text = String(repeating: "在庫が戻りました。🎉👕 ", count: 40) + "\n"
        let parsed = try await parsedCleanly(.sample(text: text))
        #expect(parsed.parts.first?.transferEncoding == "base64")
        #expect(parsed.body("text/plain") == text)
        #expect(parsed.parts.last?.transferEncoding == "quoted-printable")
    }

    @Test func emptyBodiesStayEmpty() async throws {
        let parsed = try await parsedCleanly(.sample(text: "", html: ""))
        #expect(parsed.body("text/plain") == "")
        #expect(parsed.body("text/html") == "")
    }

    @Test func boundaryNeverOccursInTheBodies() async throws {
        let message = MailMessage.sample()
        let first = MessageComposer.boundary(for: message.messageID, avoiding: [])
        let hostile = "--\(first)\n--\(first)--\n"
        let parsed = try await parsedCleanly(.sample(text: hostile, html: hostile))
        #expect(parsed.body("text/plain") == hostile)
        #expect(parsed.body("text/html") == hostile)
        let second = MessageComposer.boundary(for: message.messageID, avoiding: [Array("x--\(first)x".utf8)])
        #expect(second != first)
    }

    @Test func listUnsubscribeHeadersForOneClick() async throws {
        let parsed = try await parsedCleanly(.sample())
        #expect(parsed.listUnsubscribe == "<https://shop.example/u/tok3n-abc>, <mailto:unsubscribe@shop.example>")
        #expect(parsed.listUnsubscribePost == "List-Unsubscribe=One-Click")

        let urlOnly = try await parsedCleanly(
            .sample(listUnsubscribe: ListUnsubscribe(url: "https://shop.example/u/x")))
        #expect(urlOnly.listUnsubscribe == "<https://shop.example/u/x>")
        #expect(urlOnly.listUnsubscribePost == "List-Unsubscribe=One-Click")

        let none = try await parsedCleanly(.sample(listUnsubscribe: nil))
        #expect(none.listUnsubscribe == nil)
        #expect(none.listUnsubscribePost == nil)
    }

    @Test func extraHeadersAreWrittenAndEncoded() async throws {
        let parsed = try await parsedCleanly(
            .sample(extraHeaders: [
                MailHeader(name: "Feedback-ID", value: "restock:shop42:acme"),
                MailHeader(name: "X-Campaign", value: "Wiosenna wyprzedaż"),
            ]))
        #expect(parsed.headers["Feedback-ID"] == "restock:shop42:acme")
        #expect(parsed.headers["X-Campaign"] == "Wiosenna wyprzedaż")
    }

    @Test func composingIsDeterministic() async throws {
        let message = MailMessage.sample(subject: "Zażółć 🎉")
        #expect(try MessageComposer.compose(message) == MessageComposer.compose(message))
    }

    @Test(arguments: [
        ("Subject", MailMessage.sample(subject: "Hi\r\nBcc: victim@example.org")),
        ("Subject", MailMessage.sample(subject: "Hi\nBcc: victim@example.org")),
        ("Subject", MailMessage.sample(subject: "Hi\rX: y")),
        ("From", MailMessage.sample(fromName: "Shop\r\nBcc: victim@example.org")),
        ("To", MailMessage.sample(toName: "Jan\n")),
        ("X-Tag", MailMessage.sample(extraHeaders: [MailHeader(name: "X-Tag", value: "a\r\nBcc: b@c.d")])),
        ("List-Unsubscribe", MailMessage.sample(listUnsubscribe: ListUnsubscribe(url: "https://a.b/u\r\nBcc: x@y.z"))),
        (
            "List-Unsubscribe",
            MailMessage.sample(listUnsubscribe: ListUnsubscribe(url: "https://a.b/u", mailto: "a@b\n.c"))
        ),
    ])
    func lineBreaksInHeaderValuesAreRefused(field: String, message: MailMessage) {
        let error = #expect(throws: MailError.self) { try MessageComposer.compose(message) }
        #expect(error?.code == .headerInjection)
        #expect(error?.field == field)
        #expect(error.map { "\($0)".contains(field) && !"\($0)".contains("victim") } == true)
    }

    @Test func injectedAddressesAndIDsAreRefused() {
        var message = MailMessage.sample()
        message.to = MailAddress(email: "jan@example.org\r\nBcc: victim@example.org")
        #expect(throws: MailError.self) { try MessageComposer.compose(message) }
        message = .sample()
        message.messageID = "restock.1@shop.example>\r\nBcc: <victim@example.org"
        #expect(throws: MailError.self) { try MessageComposer.compose(message) }
    }

    /// `sample()` with one field set to a value that cannot be written as it is.
    private static func malformed(_ change: (inout MailMessage) -> Void) -> MailMessage {
        var message = MailMessage.sample()
        change(&message)
        return message
    }

    @Test(arguments: [
        ("To", malformed { $0.to = MailAddress(email: "jan <jan@example.org>") }),
        ("From", malformed { $0.from = MailAddress(email: "no-at-sign") }),
        ("Message-ID", malformed { $0.messageID = "no-at-sign" }),
        ("Message-ID", malformed { $0.messageID = "a..b@shop.example" }),
        ("List-Unsubscribe", malformed { $0.listUnsubscribe = ListUnsubscribe(url: "http://a.b/u") }),
        ("List-Unsubscribe", malformed { $0.listUnsubscribe = ListUnsubscribe(url: "https://a.b/u,v") }),
        ("Content-Type", malformed { $0.extraHeaders = [MailHeader(name: "Content-Type", value: "x")] }),
        ("header name", malformed { $0.extraHeaders = [MailHeader(name: "Bad Name", value: "x")] }),
    ])
    func malformedFieldsAreRefusedByName(field: String, message: MailMessage) {
        let error = #expect(throws: MailError.self) { try MessageComposer.compose(message) }
        #expect(error?.field == field)
    }
}
