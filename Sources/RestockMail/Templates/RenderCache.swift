import RestockCore
import Synchronization

/// Renders what a wave's emails share once: the templates run on the input with each
/// recipient's own values (name, unsubscribe, confirm, re-subscribe and tracked links, the open
/// pixel) replaced by
/// placeholders, and each email then only fills them in. A 10,000-watcher wave renders its
/// templates once instead of 10,000 times.
///
/// The fill-in escapes for HTML exactly as Mustache does (`< > & " '`) and inserts as-is in
/// the subject and plain text, so the result is what rendering each email would give, as long
/// as no template passes a personal value through a transform (`{{uppercased(customer_name)}}`);
/// ``TemplateSet`` turns the cache off for a set that does.
///
/// A placeholder is `U+E000 slot U+E001`. Text from outside (a product title) could hold the
/// same characters and be read as a placeholder when the rendered text is cut, so
/// ``TemplateSet`` removes them from every value before rendering (``withoutMarkers(_:)``) and
/// turns the cache off for a template that holds them; and the fill is total anyway: a slot that
/// names no value fills in nothing, so no text can ever stop a render.
final class RenderCache: Sendable {
    /// One part, cut at its placeholders: `literals.count == slots.count + 1`.
    struct Segments: Sendable {
        var literals: [String]
        var slots: [Int]

        init(_ rendered: String) {
            var literals: [String] = []
            var slots: [Int] = []
            var current = ""
            var scalars = rendered.unicodeScalars[...]
            while let scalar = scalars.popFirst() {
                if scalar == RenderCache.open, let close = scalars.firstIndex(of: RenderCache.close),
                    let slot = Int(String(scalars[..<close]))
                {
                    literals.append(current)
                    current = ""
                    slots.append(slot)
                    scalars = scalars[scalars.index(after: close)...]
                } else {
                    current.unicodeScalars.append(scalar)
                }
            }
            literals.append(current)
            self.literals = literals
            self.slots = slots
        }

        func fill(_ values: [String], escape: Bool) -> String {
            var out = literals[0]
            for (index, slot) in slots.enumerated() {
                let value = values.indices.contains(slot) ? values[slot] : ""
                out += escape ? value.htmlEscaped : value
                out += literals[index + 1]
            }
            return out
        }
    }

    struct Entry: Sendable {
        var subject: Segments
        var text: Segments
        var html: Segments
    }

    static let open: Unicode.Scalar = "\u{E000}"
    static let close: Unicode.Scalar = "\u{E001}"
    /// What a marker character in a value becomes: the replacement character, which shows
    /// that something was there.
    static let replacement: Unicode.Scalar = "\u{FFFD}"
    /// Distinct shapes kept before the cache starts over: a shape is a (kind, locale, items)
    /// combination, and a busy shop has a few live at once.
    static let capacity = 512

    private let entries = Mutex<[TemplateInput: Entry]>([:])

    /// `input` with every personal value replaced by its placeholder, and the values in slot
    /// order. A value that is absent stays absent: sections on it must render the same.
    static func shape(_ input: TemplateInput) -> (TemplateInput, [String]) {
        var shaped = input
        var values: [String] = []
        func placeholder(_ value: String) -> String {
            values.append(value)
            return "\(open)\(values.count - 1)\(close)"
        }
        shaped.customerName = input.customerName.map(placeholder)
        shaped.unsubscribeURL = placeholder(input.unsubscribeURL)
        shaped.confirmURL = input.confirmURL.map(placeholder)
        shaped.openPixelURL = input.openPixelURL.map(placeholder)
        for index in shaped.items.indices {
            shaped.items[index].resubscribeURL = input.items[index].resubscribeURL.map(placeholder)
            // A tracked product link differs per email.
            shaped.items[index].url = input.items[index].url.map(placeholder)
        }
        return (shaped, values)
    }

    func render(_ input: TemplateInput, using render: (TemplateInput) -> RenderedMail) -> RenderedMail {
        let (shaped, values) = Self.shape(input)
        let entry: Entry
        if let known = entries.withLock({ $0[shaped] }) {
            entry = known
        } else {
            let rendered = render(shaped)
            entry = Entry(
                subject: Segments(rendered.subject), text: Segments(rendered.text), html: Segments(rendered.html))
            entries.withLock { entries in
                if entries.count >= Self.capacity { entries.removeAll(keepingCapacity: true) }
                entries[shaped] = entry
            }
        }
        return RenderedMail(
            subject: TemplateSet.subjectLine(entry.subject.fill(values, escape: false)),
            text: entry.text.fill(values, escape: false), html: entry.html.fill(values, escape: true))
    }

    /// True when `text` holds a marker character. Both are three UTF-8 bytes starting `EE 80`,
    /// a byte that plain text in Latin, Cyrillic or CJK scripts never has, so almost every value
    /// is passed over by one `memchr`-like scan.
    static func containsMarker(_ text: String) -> Bool {
        guard text.utf8.contains(0xEE) else { return false }
        return text.unicodeScalars.contains { $0 == open || $0 == close }
    }

    /// `text` with each marker character replaced.
    static func withoutMarkers(_ text: String) -> String {
        guard containsMarker(text) else { return text }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            scalars.append(scalar == open || scalar == close ? replacement : scalar)
        }
        return String(scalars)
    }

    /// `input` with the marker characters replaced in every text it holds, so that no value,
    /// personal or shared, can be read as a placeholder.
    static func withoutMarkers(_ input: TemplateInput) -> TemplateInput {
        var clean = input
        let strip: (String) -> String = withoutMarkers
        clean.locale = input.locale.map(strip)
        clean.customerName = input.customerName.map(strip)
        clean.unsubscribeURL = strip(input.unsubscribeURL)
        clean.confirmURL = input.confirmURL.map(strip)
        clean.openPixelURL = input.openPixelURL.map(strip)
        clean.shop = ShopIdentity(
            name: strip(input.shop.name), address: strip(input.shop.address), url: input.shop.url.map(strip))
        clean.items = input.items.map { item in
            TemplateItem(
                productTitle: strip(item.productTitle), variantTitle: item.variantTitle.map(strip),
                imageURL: item.imageURL.map(strip), url: item.url.map(strip),
                price: item.price.map { Price(minor: $0.minor, currency: strip($0.currency)) },
                resubscribeURL: item.resubscribeURL.map(strip))
        }
        return clean
    }
}
