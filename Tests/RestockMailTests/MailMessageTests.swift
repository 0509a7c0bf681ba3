import RestockMail
import RestockTestSupport
import Testing

/// The deterministic `Message-ID` a resend after a crash depends on.
@Suite struct MailMessageTests {
    @Test func messageIDDependsOnTheOutboxRowOnly() {
        #expect(MailMessage.messageID(outboxID: 7, domain: "Shop.Example") == "restock.7@shop.example")
        #expect(
            MailMessage.messageID(outboxID: 7, domain: "shop.example")
                == MailMessage.messageID(outboxID: 7, domain: "shop.example"))
        #expect(
            MailMessage.messageID(outboxID: 7, domain: "shop.example")
                != MailMessage.messageID(outboxID: 8, domain: "shop.example"))
    }

    @Test func aResentMessageIsTheSameBytes() async throws {
        var first = MailMessage.sample()
        first.messageID = MailMessage.messageID(outboxID: 99, domain: "shop.example")
        var resent = MailMessage.sample()
        resent.messageID = MailMessage.messageID(outboxID: 99, domain: "shop.example")
        #expect(try MessageComposer.compose(first) == MessageComposer.compose(resent))
        let parsed = try await PythonMailCheck.parse(MessageComposer.compose(resent))
        #expect(parsed.messageID == "<restock.99@shop.example>")
    }
}
