import Foundation
import RestockMail

extension MailMessage {
    /// 2026-12-01 14:03:00 UTC, a Tuesday.
    static let sampleDate = Date(timeIntervalSince1970: 1_796_133_780)

    /// A back-in-stock message like the dispatcher sends, with every part overridable.
    static func sample(
        subject: String = "Back in stock: Linen shirt",
        fromName: String? = "Acme Store",
        toName: String? = "Jan Kowalski",
        text: String = "Good news: the linen shirt is back.\nhttps://shop.example/p/42\n",
        html: String = "<p>Good news: the <b>linen shirt</b> is back.</p>\n",
        listUnsubscribe: ListUnsubscribe? = ListUnsubscribe(
            url: "https://shop.example/u/tok3n-abc", mailto: "unsubscribe@shop.example"),
        extraHeaders: [MailHeader] = []
    ) -> MailMessage {
        MailMessage(
            from: MailAddress(email: "news@shop.example", displayName: fromName),
            to: MailAddress(email: "jan@example.org", displayName: toName),
            replyTo: MailAddress(email: "help@shop.example"),
            subject: subject, textBody: text, htmlBody: html,
            messageID: MailMessage.messageID(outboxID: 42, domain: "shop.example"),
            date: sampleDate, listUnsubscribe: listUnsubscribe, extraHeaders: extraHeaders)
    }
}
