/// Reads RSS 2.0 (`<rss><channel><item>`) and Atom 1.0 (`<feed><entry>`) product feeds from XML
/// tokens: tracks the open elements and namespace declarations, and builds one item at a time.
///
/// Only direct children of an item are fields, so `<g:shipping><g:price>` (or `g:tax`,
/// `g:installment`, `g:product_detail`) never sets the product's price. Google's namespace is
/// found from the `xmlns:` declarations, whatever the prefix; an undeclared `g:` is taken as
/// Google's too, since feeds that forget the declaration are common.
struct FeedXMLReader {
    static let googleNamespace = "http://base.google.com/ns/1.0"
    /// RSS has no namespace; Atom and RSS 1.0 have one. Their elements are "plain".
    static let plainNamespaces: Set<String> = ["", "http://www.w3.org/2005/Atom", "http://purl.org/rss/1.0/"]

    private enum Namespace { case plain, google, other }

    /// A namespace declaration, in force until the element at `depth` closes.
    private struct Binding {
        var prefix: [UInt8]
        var namespace: Namespace
        var depth: Int
    }

    private enum Root { case notYet, open, closed }

    private var tokenizer = FeedXMLTokenizer()
    /// Names of the open elements, back to back, so a push allocates nothing once warmed up.
    private var names: [UInt8] = []
    private var nameStarts: [Int] = []
    private var bindings: [Binding] = []
    private var root = Root.notYet
    private var item: FeedItemBuilder?
    private var itemDepth = 0
    /// The field whose text is being gathered in ``text`` (a direct child of the item).
    private var field: FeedItemBuilder.Field?
    private var text: [UInt8] = []

    private var depth: Int { nameStarts.count }

    mutating func consume(_ bytes: UnsafeBufferPointer<UInt8>) throws(FeedError) -> [FeedItem] {
        tokenizer.append(bytes)
        return try drain(atEnd: false)
    }

    /// The last items; throws when the document stopped before its root element closed.
    mutating func finish() throws(FeedError) -> [FeedItem] {
        let items = try drain(atEnd: true)
        switch root {
        case .notYet: throw FeedError("the document has no root element: not a feed")
        case .open:
            let innermost = String(decoding: names[nameStarts.last!...], as: UTF8.self)
            throw FeedError("line \(tokenizer.line): the document ends inside <\(innermost)>: truncated")
        case .closed: return items
        }
    }

    private mutating func drain(atEnd: Bool) throws(FeedError) -> [FeedItem] {
        var items: [FeedItem] = []
        while let token = try tokenizer.next(atEnd: atEnd) {
            switch token {
            case .startTag(let name, let attributes, let selfClosing):
                try open(name: name, attributes: attributes)
                if selfClosing { close(into: &items) }
            case .endTag(let name):
                try checkEndTag(name)
                close(into: &items)
            case .text(let range):
                guard field != nil, depth == itemDepth + 1 else { continue }
                tokenizer.appendDecoded(range, to: &text)
                try checkTextLength()
            case .cdata(let range):
                guard field != nil, depth == itemDepth + 1 else { continue }
                text.append(contentsOf: tokenizer.buffer[range])
                try checkTextLength()
            }
        }
        return items
    }

    private mutating func open(name: Range<Int>, attributes attributeRange: Range<Int>) throws(FeedError) {
        guard root != .closed else {
            throw FeedError("line \(tokenizer.line): an element follows the end of the feed's root element")
        }
        guard let attributes = tokenizer.attributes(in: attributeRange) else {
            throw FeedError("line \(tokenizer.line): malformed attributes in <\(string(name))>")
        }
        nameStarts.append(names.count)
        names.append(contentsOf: tokenizer.buffer[name])
        for attribute in attributes { declare(attribute) }

        let colon = tokenizer.buffer[name].firstIndex(of: UInt8(ascii: ":"))
        let local = (colon.map { $0 + 1 } ?? name.lowerBound)..<name.upperBound
        if root == .notYet {
            guard tokenizer.bytes(local, equal: "rss") || tokenizer.bytes(local, equal: "feed") else {
                throw FeedError("the document's root element is <\(string(name))>, not <rss> or <feed>: not a feed")
            }
            root = .open
            return
        }
        if item == nil {
            if tokenizer.bytes(local, equal: "item") || tokenizer.bytes(local, equal: "entry"),
                namespace(prefix: name.lowerBound..<(colon ?? name.lowerBound)) == .plain
            {
                item = FeedItemBuilder()
                itemDepth = depth
            }
            return
        }
        guard depth == itemDepth + 1 else { return }
        let prefix = name.lowerBound..<(colon ?? name.lowerBound)
        let localName = string(local)
        switch namespace(prefix: prefix) {
        case .google:
            field = FeedItemBuilder.Field(googleName: localName)
        case .plain where localName == "link":
            // Atom's link is an attribute; RSS's is the element's text.
            if let href = attributes.first(where: { tokenizer.bytes($0.name, equal: "href") }) {
                let rel = attributes.first { tokenizer.bytes($0.name, equal: "rel") }.map { decoded($0.value) }
                let link = decoded(href.value)
                item?.setPlainLink(link, rel: rel)
                field = nil
            } else {
                field = .plainLink
            }
        case .plain:
            field = localName == "title" ? .plainTitle : localName == "id" ? .plainID : nil
        case .other:
            field = nil
        }
        text.removeAll(keepingCapacity: true)
    }

    private func checkEndTag(_ name: Range<Int>) throws(FeedError) {
        guard let start = nameStarts.last else {
            throw FeedError("line \(tokenizer.line): </\(string(name))> closes no element")
        }
        guard names[start...].elementsEqual(tokenizer.buffer[name]) else {
            let open = String(decoding: names[start...], as: UTF8.self)
            throw FeedError("line \(tokenizer.line): </\(string(name))> does not close <\(open)>")
        }
    }

    /// Ends the innermost element: a field gets its text, an item is finished.
    private mutating func close(into items: inout [FeedItem]) {
        if let field, depth == itemDepth + 1 {
            item?.set(field, bytes: text)
            self.field = nil
        } else if let finished = item, depth == itemDepth {
            if let built = finished.build() { items.append(built) }
            item = nil
        }
        while let last = bindings.last, last.depth == depth { bindings.removeLast() }
        if depth == 1 { root = .closed }
        names.removeSubrange(nameStarts.removeLast()...)
    }

    /// Records an `xmlns` or `xmlns:prefix` attribute of the element just opened.
    private mutating func declare(_ attribute: FeedXMLTokenizer.Attribute) {
        let name = tokenizer.buffer[attribute.name]
        guard name.starts(with: "xmlns".utf8) else { return }
        let prefix: ArraySlice<UInt8>
        if name.count == 5 {
            prefix = []
        } else if name[name.startIndex + 5] == UInt8(ascii: ":") {
            prefix = name.dropFirst(6)
        } else {
            return
        }
        let uri = decoded(attribute.value)
        let namespace: Namespace =
            uri == Self.googleNamespace ? .google : Self.plainNamespaces.contains(uri) ? .plain : .other
        bindings.append(Binding(prefix: Array(prefix), namespace: namespace, depth: depth))
    }

    private func namespace(prefix: Range<Int>) -> Namespace {
        let prefixBytes = tokenizer.buffer[prefix]
        if let binding = bindings.last(where: { $0.prefix.elementsEqual(prefixBytes) }) { return binding.namespace }
        if prefix.isEmpty { return .plain }
        return tokenizer.bytes(prefix, equal: "g") ? .google : .other
    }

    private func checkTextLength() throws(FeedError) {
        guard text.count > FeedXMLTokenizer.maxTokenLength else { return }
        throw FeedError("line \(tokenizer.line): a field's text is longer than 1 MiB")
    }

    private func decoded(_ range: Range<Int>) -> String {
        var out: [UInt8] = []
        tokenizer.appendDecoded(range, to: &out)
        return FeedItemBuilder.trimmedString(out) ?? ""
    }

    private func string(_ range: Range<Int>) -> String { String(decoding: tokenizer.buffer[range], as: UTF8.self) }
}
