import Foundation
import Mustache
import RestockCore

/// The templates: for each kind of email a subject, a plain-text and an HTML template
/// (`<locale>/<kind>.subject.mustache`, `.text.mustache`, `.html.mustache`), and the pages the
/// links in emails open (``LinkPageKind``, `<locale>/page_<name>.html.mustache`), built into the
/// binary (``BuiltInTemplates``) and, file by file, in a shop's own directory, which wins.
///
/// Everything is read and parsed when the set is made, at start-up and on reload, so a broken
/// template stops the daemon there with the file named, never at send time: after that,
/// rendering cannot fail (Mustache renders a missing variable as nothing).
///
/// A watch's locale picks its templates: `pl-PL` tries `pl-PL`, then `pl`, then the default
/// locale, for each file on its own.
public struct TemplateSet: Sendable {
    /// The parts of one email, in file-name order.
    public enum Part: String, Sendable, CaseIterable {
        case subject, text, html
    }

    public let defaultLocale: String
    /// `locale/kind.part` (or `locale/page_<name>.html`) → template.
    let templates: [String: MustacheTemplate]
    /// `nil` when a template transforms a personal value, which the cache cannot reproduce, or
    /// holds a placeholder character.
    private let cache: RenderCache?

    /// The variables that differ between the recipients of one wave (``RenderCache``).
    static let personalVariables = [
        "customer_name", "unsubscribe_url", "confirm_url", "resubscribe_url", "open_pixel_url", "url",
    ]

    /// - Parameters:
    ///   - overrides: the shop's directory, laid out as `<locale>/<kind>.<part>.mustache`; any
    ///     file there replaces the built-in one of the same path (``BuiltInTemplates``).
    ///   - defaultLocale: must end up with every part of every kind.
    public init(overrides: URL? = nil, defaultLocale: String = "en") throws {
        var sources = Dictionary(
            uniqueKeysWithValues: BuiltInTemplates.sources.map {
                ($0.key, (origin: "built-in \($0.key).mustache", source: $0.value))
            })
        var ignored: [String] = []
        if let overrides {
            let known = Set(
                NotificationKind.allCases.flatMap { kind in Part.allCases.map { "\(kind.rawValue).\($0)" } }
                    + LinkPageKind.names)
            for (key, file) in try Self.files(in: overrides) {
                // A misspelled name (`back_in_stock.htm`) would otherwise be ignored unseen.
                guard let name = key.split(separator: "/").last, known.contains(String(name)) else {
                    ignored.append(file.path)
                    continue
                }
                do {
                    sources[key] = (file.path, try String(contentsOf: file, encoding: .utf8))
                } catch {
                    throw MailError(.template, details: "\(file.path): cannot be read as UTF-8 text: \(error)")
                }
            }
        }
        try self.init(sources: sources, defaultLocale: defaultLocale)
        ignoredFiles = ignored
    }

    /// Files of the shop's directory that name no kind and part, so no email uses them
    /// (`check-config` lists them: usually a misspelled name).
    public private(set) var ignoredFiles: [String] = []

    /// - Parameter sources: `locale/kind.part` → the template and where it came from, named in
    ///   errors.
    init(sources: [String: (origin: String, source: String)], defaultLocale: String) throws {
        self.defaultLocale = defaultLocale
        var templates: [String: MustacheTemplate] = [:]
        var transformsPersonalValue = false
        HTMLBytesContentType.registered
        for (key, (origin, source)) in sources {
            // A template holding a placeholder character would be cut where it stands.
            transformsPersonalValue =
                transformsPersonalValue || Self.personalVariables.contains { source.contains("(\($0))") }
                || RenderCache.containsMarker(source)
            let part = key.split(separator: ".").last.map(String.init)
            // Subjects and plain text are not HTML: escaping `&` as `&amp;` there would show.
            // HTML is escaped by byte (HTMLBytesContentType), not by Mustache's characters.
            let contentType = part == Part.html.rawValue ? HTMLBytesContentType.name : "TEXT"
            let prefix = "{{% CONTENT_TYPE: \(contentType)}}"
            do {
                templates[key] = try MustacheTemplate(string: prefix + source)
            } catch {
                throw MailError(.template, details: "\(origin): \(error)")
            }
        }
        let names = NotificationKind.allCases.flatMap { kind in Part.allCases.map { "\(kind.rawValue).\($0)" } }
        for name in names + LinkPageKind.names where templates["\(defaultLocale)/\(name)"] == nil {
            throw MailError(
                .template, details: "no \(defaultLocale)/\(name).mustache for the default locale \(defaultLocale)")
        }
        self.templates = templates
        self.cache = transformsPersonalValue ? nil : RenderCache()
    }

    /// The locales that have at least one template, for `check-config`.
    public var locales: [String] {
        Set(templates.keys.compactMap { $0.split(separator: "/").first.map(String.init) }).sorted()
    }

    /// Renders one email; the subject is made one safe line (``subjectLine(_:)``), since it is
    /// one header line.
    ///
    /// Total: any input renders. The placeholder characters of ``RenderCache`` are replaced in
    /// every value first, on both paths, so a value cannot forge a placeholder and the cached
    /// and uncached renders agree.
    public func render(_ input: TemplateInput) -> RenderedMail {
        let input = RenderCache.withoutMarkers(input)
        guard let cache else { return renderUncached(input) }
        return cache.render(input, using: renderUncached)
    }

    /// The most a subject keeps, in Unicode scalars: far more than any mail client shows, and
    /// little enough to fold into header lines.
    static let subjectLength = 2000

    /// A subject as one header line: line breaks and tabs become spaces, controls and invisible
    /// formatting are dropped, surrounding whitespace is trimmed (``SafeText``): a template or a
    /// title holding a line break or NUL would otherwise fail the message at composing.
    static func subjectLine(_ subject: String) -> String {
        SafeText.line(subject, maxLength: subjectLength)
    }

    /// Runs the templates on `input`.
    func renderUncached(_ input: TemplateInput) -> RenderedMail {
        let locale = input.locale ?? defaultLocale
        let context = Self.context(input, locale: locale)
        func render(_ part: Part) -> String {
            template(for: input.kind, part: part, locale: locale).render(context)
        }
        return RenderedMail(subject: Self.subjectLine(render(.subject)), text: render(.text), html: render(.html))
    }

    /// The first of `locale`, its language, and the default locale that has the file.
    func template(for kind: NotificationKind, part: Part, locale: String) -> MustacheTemplate {
        template(named: "\(kind.rawValue).\(part.rawValue)", locale: locale)
    }

    /// `name` (`kind.part`) in the first of `locale`, its language, and the default locale that
    /// has the file.
    func template(named name: String, locale: String) -> MustacheTemplate {
        for candidate in Self.fallbacks(locale, defaultLocale: defaultLocale) {
            if let template = templates["\(candidate)/\(name)"] { return template }
        }
        // The initialiser checked that the default locale has every file.
        preconditionFailure("no \(defaultLocale)/\(name) template")
    }

    static func fallbacks(_ locale: String, defaultLocale: String) -> [String] {
        let normalized = locale.replacingOccurrences(of: "_", with: "-")
        let language = normalized.split(separator: "-").first.map(String.init) ?? normalized
        var chain: [String] = []
        for candidate in [normalized, language.lowercased(), defaultLocale] where !chain.contains(candidate) {
            chain.append(candidate)
        }
        return chain
    }

    static func key(_ locale: String, _ kind: NotificationKind, _ part: Part) -> String {
        "\(locale)/\(kind.rawValue).\(part.rawValue)"
    }

    /// `locale/kind.part` → file, for every `*.mustache` one level below `directory`.
    private static func files(in directory: URL) throws -> [(String, URL)] {
        let manager = FileManager.default
        func isFolder(_ path: String) -> Bool {
            var isDirectory: ObjCBool = false
            return manager.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
        }
        // Unreadable is said as such: under systemd the service's own user, not root, reads it.
        func entries(_ path: String) throws -> [String] {
            do {
                return try manager.contentsOfDirectory(atPath: path).sorted()
            } catch {
                throw MailError(.template, details: "template directory \(path) cannot be read by this user: \(error)")
            }
        }
        guard isFolder(directory.path) else {
            throw MailError(
                .template,
                details: "template directory \(directory.path) does not exist or cannot be reached by this user")
        }
        var found: [(String, URL)] = []
        for locale in try entries(directory.path) where isFolder(directory.appendingPathComponent(locale).path) {
            let folder = directory.appendingPathComponent(locale)
            for name in try entries(folder.path) where name.hasSuffix(".mustache") {
                found.append(("\(locale)/\(name.dropLast(".mustache".count))", folder.appendingPathComponent(name)))
            }
        }
        return found
    }

    /// The variables an email template sees (documented in README.md, "Templates").
    static func context(_ input: TemplateInput, locale: String) -> [String: Any] {
        let items: [[String: Any]] = input.items.map { item in
            var entry: [String: Any] = ["product_title": item.productTitle]
            entry["variant_title"] = item.variantTitle
            entry["image_url"] = item.imageURL
            entry["url"] = item.url
            entry["price"] = item.price.map { PriceFormatter.format($0, locale: locale) }
            entry["resubscribe_url"] = item.resubscribeURL
            return entry
        }
        var context: [String: Any] = [
            "items": items,
            "several": input.items.count > 1,
            "unsubscribe_url": input.unsubscribeURL,
            "shop": ["name": input.shop.name, "address": input.shop.address, "url": input.shop.url ?? ""],
        ]
        context["item"] = items.first
        context["customer_name"] = input.customerName
        context["confirm_url"] = input.confirmURL
        context["open_pixel_url"] = input.openPixelURL
        return context
    }
}
