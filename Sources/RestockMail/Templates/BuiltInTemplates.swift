import Foundation

/// The shipped templates (emails and link pages), compiled into `restockd` so that the binary
/// alone is enough: no template directory has to be installed or found. A shop's own directory
/// replaces them file by file (``TemplateSet``), and `restockd templates export DIR` writes them
/// out as a starting point.
///
/// The sources are `Templates/BuiltIn/<locale>.<kind>.<part>.mustache`, embedded by SwiftPM
/// (`.embedInCode`). SwiftPM embeds a folder flat, by file name, so the locale is the name's first
/// part rather than a subfolder; every other place (overrides, export) uses `<locale>/<kind>.<part>`.
public enum BuiltInTemplates {
    /// `locale/kind.part` → template source, for every shipped file.
    public static let sources: [String: String] = Dictionary(
        uniqueKeysWithValues: embedded.map { ($0.key, String(decoding: $0.bytes, as: UTF8.self)) })

    /// Writes every shipped template under `directory` as `<locale>/<kind>.<part>.mustache`, the
    /// layout an override directory uses. An existing file is never replaced, so exporting over a
    /// shop's edited copy cannot lose its edits.
    ///
    /// - Returns: the paths written, relative to `directory`.
    public static func export(to directory: URL) throws -> [String] {
        let manager = FileManager.default
        let paths = sources.keys.sorted().map { $0 + ".mustache" }
        // Attributes are read without following a symlink: a dangling one counts as there, so
        // the export refuses before writing anything rather than halfway.
        func exists(_ path: String) -> Bool {
            (try? manager.attributesOfItem(atPath: directory.appendingPathComponent(path).path)) != nil
        }
        if let existing = paths.first(where: exists) {
            throw MailError(.template, details: "\(directory.appendingPathComponent(existing).path) already exists")
        }
        for path in paths {
            let file = directory.appendingPathComponent(path)
            do {
                try manager.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(sources[String(path.dropLast(".mustache".count))]!.utf8)
                    .write(to: file, options: .withoutOverwriting)
            } catch {
                throw MailError(.writeFailed, details: "\(file.path): \(error.localizedDescription)")
            }
        }
        return paths
    }

    /// One line per file in `Templates/BuiltIn`; a file missing here is not shipped, and the
    /// default locale's completeness is checked whenever a ``TemplateSet`` is made.
    private static let embedded: [(key: String, bytes: [UInt8])] = [
        ("en/back_in_stock.html", PackageResources.en_back_in_stock_html_mustache),
        ("en/back_in_stock.subject", PackageResources.en_back_in_stock_subject_mustache),
        ("en/back_in_stock.text", PackageResources.en_back_in_stock_text_mustache),
        ("en/confirm.html", PackageResources.en_confirm_html_mustache),
        ("en/confirm.subject", PackageResources.en_confirm_subject_mustache),
        ("en/confirm.text", PackageResources.en_confirm_text_mustache),
        ("en/page.html", PackageResources.en_page_html_mustache),
        ("en/page_confirm.html", PackageResources.en_page_confirm_html_mustache),
        ("en/page_confirmed.html", PackageResources.en_page_confirmed_html_mustache),
        ("en/page_ended.html", PackageResources.en_page_ended_html_mustache),
        ("en/page_invalid.html", PackageResources.en_page_invalid_html_mustache),
        ("en/page_resubscribe.html", PackageResources.en_page_resubscribe_html_mustache),
        ("en/page_resubscribed.html", PackageResources.en_page_resubscribed_html_mustache),
        ("en/page_unsubscribe.html", PackageResources.en_page_unsubscribe_html_mustache),
        ("en/page_unsubscribed.html", PackageResources.en_page_unsubscribed_html_mustache),
        ("en/sold_out_again.html", PackageResources.en_sold_out_again_html_mustache),
        ("en/sold_out_again.subject", PackageResources.en_sold_out_again_subject_mustache),
        ("en/sold_out_again.text", PackageResources.en_sold_out_again_text_mustache),
        ("pl/back_in_stock.html", PackageResources.pl_back_in_stock_html_mustache),
        ("pl/back_in_stock.subject", PackageResources.pl_back_in_stock_subject_mustache),
        ("pl/back_in_stock.text", PackageResources.pl_back_in_stock_text_mustache),
        ("pl/confirm.html", PackageResources.pl_confirm_html_mustache),
        ("pl/confirm.subject", PackageResources.pl_confirm_subject_mustache),
        ("pl/confirm.text", PackageResources.pl_confirm_text_mustache),
        ("pl/page.html", PackageResources.pl_page_html_mustache),
        ("pl/page_confirm.html", PackageResources.pl_page_confirm_html_mustache),
        ("pl/page_confirmed.html", PackageResources.pl_page_confirmed_html_mustache),
        ("pl/page_ended.html", PackageResources.pl_page_ended_html_mustache),
        ("pl/page_invalid.html", PackageResources.pl_page_invalid_html_mustache),
        ("pl/page_resubscribe.html", PackageResources.pl_page_resubscribe_html_mustache),
        ("pl/page_resubscribed.html", PackageResources.pl_page_resubscribed_html_mustache),
        ("pl/page_unsubscribe.html", PackageResources.pl_page_unsubscribe_html_mustache),
        ("pl/page_unsubscribed.html", PackageResources.pl_page_unsubscribed_html_mustache),
        ("pl/sold_out_again.html", PackageResources.pl_sold_out_again_html_mustache),
        ("pl/sold_out_again.subject", PackageResources.pl_sold_out_again_subject_mustache),
        ("pl/sold_out_again.text", PackageResources.pl_sold_out_again_text_mustache),
    ]
}
