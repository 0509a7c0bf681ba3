import Foundation
import RestockCore
import RestockMail

/// The email templates, fed catalog text: titles, variant names, image links and prices reach
/// them from signed platform deliveries and the feed, names and locales from the storefront.
extension FuzzTarget {
    /// The locale of the one override that turns the render cache off; never rendered.
    static let uncachedLocale = "zz-fuzz"

    /// The shipped set as restockd runs it, with its render cache.
    static let cachedTemplates = try! TemplateSet()

    /// The same set with the cache off: `TemplateSet` turns it off for a set in which any
    /// template transforms a personal value, so one such file, in a locale no input selects,
    /// gives the shipped templates rendered in full for every email.
    static let uncachedTemplates: TemplateSet = {
        let overrides = FileManager.default.temporaryDirectory
            .appendingPathComponent("restock-fuzz-templates-\(ProcessInfo.processInfo.processIdentifier)")
        let folder = overrides.appendingPathComponent(uncachedLocale)
        try! FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try! Data("{{uppercased(customer_name)}}".utf8)
            .write(to: folder.appendingPathComponent("confirm.subject.mustache"))
        defer { try? FileManager.default.removeItem(at: overrides) }
        return try! TemplateSet(overrides: overrides)
    }()

    /// Input: kind, locale, customer name, shop name, shop address, then up to four items of
    /// five fields each: product title, variant title, image URL, URL, price (`1999 EUR`).
    ///
    /// Rendering never traps, the cached render is exactly the full one, and the subject is one
    /// line.
    static func template(_ input: FuzzInput) throws(FuzzFailure) {
        let fields = input.allFields(limit: 5 + 4 * 5).map(FuzzInput.text)
        func field(_ index: Int) -> String { index < fields.count ? fields[index] : "" }
        func optional(_ index: Int) -> String? { field(index).isEmpty ? nil : field(index) }
        let kind =
            NotificationKind(rawValue: field(0))
            ?? NotificationKind.allCases[Int(input.bytes.first ?? 0) % NotificationKind.allCases.count]
        var locale = optional(1)
        if locale?.replacingOccurrences(of: "_", with: "-") == uncachedLocale { locale = nil }
        var items: [TemplateItem] = []
        for start in stride(from: 5, to: max(fields.count, 6), by: 5) {
            let price = field(start + 4).split(separator: " ", maxSplits: 1)
            items.append(
                TemplateItem(
                    productTitle: field(start), variantTitle: optional(start + 1), imageURL: optional(start + 2),
                    url: optional(start + 3),
                    price: price.count == 2
                        ? Int64(price[0]).map { Price(minor: $0, currency: String(price[1])) } : nil,
                    resubscribeURL: "https://r.example/r/\(start)"))
        }
        let template = TemplateInput(
            kind: kind, locale: locale, customerName: optional(2), items: items,
            unsubscribeURL: "https://r.example/u/token", confirmURL: "https://r.example/c/token",
            openPixelURL: "https://r.example/t/o/token",
            shop: ShopIdentity(name: field(3), address: field(4), url: "https://shop.example/"))

        let cached = cachedTemplates.render(template)
        let full = uncachedTemplates.render(template)
        try expect(
            cached.subject == full.subject,
            "cached subject \(cached.subject.debugDescription), full \(full.subject.debugDescription)")
        try expect(cached.text == full.text, "the cached text part differs from the full render")
        try expect(cached.html == full.html, "the cached HTML part differs from the full render")
        try expect(!cached.subject.contains(where: \.isNewline), "a subject of several lines")
    }
}
