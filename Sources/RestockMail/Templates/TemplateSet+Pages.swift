import Foundation
import Mustache

extension TemplateSet {
    /// A link page, in the first of `locale`, its language and the default locale that has the
    /// file (the frame and the page chosen on their own, as for mail). Values are escaped by
    /// the engine, as in mail's HTML parts.
    public func renderPage(_ page: LinkPageKind, locale: String, shopName: String) -> String {
        let frame = template(named: LinkPageKind.frame, locale: locale)
        let library = MustacheLibrary(templates: ["page": frame])
        let context: [String: Any] = ["shop": ["name": shopName]]
        // The content-type pragma put before each source leaves a line break ahead of the page.
        return template(named: page.name, locale: locale).render(context, library: library)
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The locale for a link page from a browser's `Accept-Language`: the first listed language
    /// this set has a page frame for (`pl-PL` also tries `pl`), else the default locale. q-values
    /// are ignored, as browsers list languages in the user's order anyway.
    public func pageLocale(acceptLanguage header: String?) -> String {
        let framed = Dictionary(
            templates.keys.filter { $0.hasSuffix("/" + LinkPageKind.frame) }
                .map { key in (String(key.prefix { $0 != "/" }).lowercased(), String(key.prefix { $0 != "/" })) },
            uniquingKeysWith: { first, _ in first })
        for tag in (header ?? "").prefix(1024).split(separator: ",") {
            let primary = tag.split(separator: ";").first?.trimmingCharacters(in: .whitespaces) ?? ""
            let normalized = primary.replacingOccurrences(of: "_", with: "-").lowercased()
            let language = normalized.split(separator: "-").first.map(String.init) ?? normalized
            if let locale = framed[normalized] ?? framed[language] { return locale }
        }
        return defaultLocale
    }
}
