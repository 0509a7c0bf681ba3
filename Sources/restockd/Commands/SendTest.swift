import ArgumentParser
import Foundation
import RestockCore
import RestockMail

/// `restockd send-test EMAIL`: renders every template (each kind in each locale) with sample
/// data and sends it through the configured transport, printing what the server answered, so a
/// shop can check templates, DKIM and its SMTP relay before the first restock.
struct SendTest: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send-test",
        abstract: "Send every email template, with sample data, to one address.")

    @Argument(help: "Where to send the samples.")
    var email: String

    @OptionGroup var options: CommonOptions

    func run() async throws {
        let address: String
        do {
            address = try EmailAddress.normalize(email)
        } catch {
            throw ValidationError("\"\(email)\" is not an email address: \(error)")
        }
        let mail = try await loadConfiguration(options).mail
        let mailer = try await exitingOnConfigError { try mail.makeMailer() }
        var failures = 0
        var sample: Int64 = 0
        for locale in mailer.templates.locales {
            for kind in NotificationKind.allCases {
                sample += 1
                let input = Self.sample(kind, locale: locale, shop: mail.mailer.shop, publicURL: mail.publicURL)
                do {
                    let reply = try await mailer.send(input, to: MailAddress(email: address), outboxID: -sample)
                    print("\(locale) \(kind.rawValue): \(reply.code) \(reply.text)")
                } catch {
                    failures += 1
                    print("\(locale) \(kind.rawValue): FAILED \(String(reflecting: error))")
                }
            }
        }
        if failures > 0 { throw ExitCode(75) }  // EX_TEMPFAIL: the relay may work later
    }

    /// Sample data: two items, one with a non-ASCII title, so encodings show up too; links and
    /// the open pixel have the shape tracked emails have (they lead nowhere).
    static func sample(_ kind: NotificationKind, locale: String, shop: ShopIdentity, publicURL: String)
        -> TemplateInput
    {
        TemplateInput(
            kind: kind, locale: locale, customerName: "Zoë Sample",
            items: [
                TemplateItem(
                    productTitle: "Merino socks", variantTitle: "Size M", imageURL: "\(publicURL)/sample/socks.jpg",
                    url: "\(publicURL)/t/c/sample-1",
                    price: Price(minor: 1999, currency: "EUR"), resubscribeURL: "\(publicURL)/r/sample-1"),
                TemplateItem(
                    productTitle: "Żółta czapka", variantTitle: "One size", url: "\(publicURL)/t/c/sample-2",
                    price: Price(minor: 4900, currency: "PLN"), resubscribeURL: "\(publicURL)/r/sample-2"),
            ],
            unsubscribeURL: "\(publicURL)/u/sample", confirmURL: "\(publicURL)/c/sample",
            openPixelURL: "\(publicURL)/t/o/sample", shop: shop)
    }
}
