import Mustache
import RestockCore

/// The escaping of the templates' HTML parts: by UTF-8 byte, exactly as ``RenderCache`` fills in
/// personal values (`String.htmlEscaped`).
///
/// Mustache's own HTML escaping compares whole characters, and `"`, `'`, `<`, `>` or `&`
/// followed by a combining mark (`"\u{301}`) is one character that is none of the five, so it
/// went out raw: a product title could close the `alt="…"` attribute it sits in and add
/// attributes of its own (found by the `template` fuzz target, as a cached render that differed
/// from the full one). A browser reads code points, not characters, so the escaping must too.
struct HTMLBytesContentType: MustacheContentType {
    /// The name the HTML parts' `CONTENT_TYPE` pragma gives.
    static let name = "RESTOCK_HTML"

    /// Registers the type once, before the first template that names it is parsed.
    static let registered: Void = MustacheContentTypes.register(HTMLBytesContentType(), named: name)

    func escapeText(_ text: String) -> String { text.htmlEscaped }
}
