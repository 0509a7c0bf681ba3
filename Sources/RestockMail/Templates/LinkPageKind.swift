/// The pages the links in an email open (`/u`, `/r`, `/c`), each a template
/// `<locale>/page_<name>.html` that fills in the blocks of the shared frame `<locale>/page.html`
/// (Mustache template inheritance), so a shop restyles every page in one file and rewords each
/// in its own.
public enum LinkPageKind: String, Sendable, CaseIterable {
    /// Asking pages: a button that POSTs what the link does.
    case unsubscribe, resubscribe, confirm
    /// What the button did.
    case unsubscribed, resubscribed, confirmed
    /// The watch behind the link has ended.
    case ended
    /// The token is not valid or has expired.
    case invalid

    /// `page_<name>.html`, the name after the locale.
    public var name: String { "page_\(rawValue).html" }

    /// The frame every page inherits from, named `page` in its `{{<page}}` tag.
    public static let frame = "page.html"

    /// Every page file name, the frame included.
    static let names = allCases.map(\.name) + [frame]
}
